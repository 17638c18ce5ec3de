#include "kaamos_codecs.h"
#include <opus/opus.h>
#include <vpx/vpx_encoder.h>
#include <vpx/vpx_decoder.h>
#include <vpx/vp8cx.h>
#include <vpx/vp8dx.h>
#include <wels/codec_api.h>
#include <stddef.h>

int kaamos_opus_encoder_set_bitrate(void *encoder, int32_t bits_per_second) {
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_SET_BITRATE(bits_per_second));
}
int kaamos_opus_encoder_get_bitrate(void *encoder, int32_t *bits_per_second) {
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_GET_BITRATE(bits_per_second));
}
int kaamos_opus_encoder_set_inband_fec(void *encoder, int32_t enabled) {
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_SET_INBAND_FEC(enabled));
}
int kaamos_opus_encoder_set_packet_loss_percent(void *encoder, int32_t percent) {
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_SET_PACKET_LOSS_PERC(percent));
}
int kaamos_opus_encoder_set_dtx(void *encoder, int32_t enabled) {
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_SET_DTX(enabled));
}
int kaamos_opus_encoder_set_complexity(void *encoder, int32_t complexity) {
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_SET_COMPLEXITY(complexity));
}
int kaamos_opus_encoder_get_lookahead(void *encoder, int32_t *samples) {
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_GET_LOOKAHEAD(samples));
}
int kaamos_opus_decoder_get_last_packet_duration(void *decoder, int32_t *samples) {
    return opus_decoder_ctl((OpusDecoder *)decoder, OPUS_GET_LAST_PACKET_DURATION(samples));
}

int kaamos_vp8_encoder_init(void *context, const void *config) {
    return vpx_codec_enc_init((vpx_codec_ctx_t *)context, vpx_codec_vp8_cx(),
                              (const vpx_codec_enc_cfg_t *)config, 0);
}
int kaamos_vp8_decoder_init(void *context, unsigned int threads) {
    vpx_codec_dec_cfg_t config = {.threads = threads, .w = 0, .h = 0};
    return vpx_codec_dec_init((vpx_codec_ctx_t *)context, vpx_codec_vp8_dx(), &config, 0);
}
int kaamos_vp8_encoder_set_cpu_used(void *context, int speed) {
    return vpx_codec_control((vpx_codec_ctx_t *)context, VP8E_SET_CPUUSED, speed);
}
int kaamos_vp8_encoder_set_static_threshold(void *context, unsigned int threshold) {
    return vpx_codec_control((vpx_codec_ctx_t *)context, VP8E_SET_STATIC_THRESHOLD, threshold);
}
int kaamos_vp8_encoder_set_max_intra_bitrate_percent(void *context, unsigned int percent) {
    return vpx_codec_control((vpx_codec_ctx_t *)context, VP8E_SET_MAX_INTRA_BITRATE_PCT, percent);
}
int kaamos_vp8_encoder_set_noise_sensitivity(void *context, unsigned int level) {
    return vpx_codec_control((vpx_codec_ctx_t *)context, VP8E_SET_NOISE_SENSITIVITY, level);
}
int kaamos_vp8_decoder_get_frame_corrupted(void *context, int *corrupted) {
    return vpx_codec_control((vpx_codec_ctx_t *)context, VP8D_GET_FRAME_CORRUPTED, corrupted);
}

int kaamos_h264_encoder_create(void **encoder) {
    ISVCEncoder *created = NULL;
    int status = WelsCreateSVCEncoder(&created);
    *encoder = created;
    return status == 0 && created != NULL ? 0 : -1;
}
void kaamos_h264_encoder_destroy(void *encoder) {
    ISVCEncoder *e = (ISVCEncoder *)encoder;
    if (e == NULL) return;
    (*e)->Uninitialize(e);
    WelsDestroySVCEncoder(e);
}
int kaamos_h264_encoder_get_default_params(void *encoder, void *params) {
    ISVCEncoder *e = (ISVCEncoder *)encoder;
    return (*e)->GetDefaultParams(e, (SEncParamExt *)params);
}
int kaamos_h264_encoder_initialize(void *encoder, const void *params) {
    ISVCEncoder *e = (ISVCEncoder *)encoder;
    return (*e)->InitializeExt(e, (const SEncParamExt *)params);
}
int kaamos_h264_encoder_encode(void *encoder, const void *picture, void *info) {
    ISVCEncoder *e = (ISVCEncoder *)encoder;
    return (*e)->EncodeFrame(e, (const SSourcePicture *)picture, (SFrameBSInfo *)info);
}
int kaamos_h264_encoder_force_idr(void *encoder) {
    ISVCEncoder *e = (ISVCEncoder *)encoder;
    return (*e)->ForceIntraFrame(e, true);
}
int kaamos_h264_encoder_set_option(void *encoder, int option, void *value) {
    ISVCEncoder *e = (ISVCEncoder *)encoder;
    return (*e)->SetOption(e, (ENCODER_OPTION)option, value);
}
int kaamos_h264_encoder_get_option(void *encoder, int option, void *value) {
    ISVCEncoder *e = (ISVCEncoder *)encoder;
    return (*e)->GetOption(e, (ENCODER_OPTION)option, value);
}

long kaamos_h264_decoder_create(void **decoder) {
    ISVCDecoder *created = NULL;
    long status = WelsCreateDecoder(&created);
    *decoder = created;
    return status == 0 && created != NULL ? 0 : -1;
}
void kaamos_h264_decoder_destroy(void *decoder) {
    ISVCDecoder *d = (ISVCDecoder *)decoder;
    if (d == NULL) return;
    (*d)->Uninitialize(d);
    WelsDestroyDecoder(d);
}
long kaamos_h264_decoder_initialize(void *decoder, const void *params) {
    ISVCDecoder *d = (ISVCDecoder *)decoder;
    return (*d)->Initialize(d, (const SDecodingParam *)params);
}
int kaamos_h264_decoder_decode(void *decoder, const unsigned char *data, int length, unsigned char **planes,
                               void *buffer_info) {
    ISVCDecoder *d = (ISVCDecoder *)decoder;
    return (int)(*d)->DecodeFrameNoDelay(d, data, length, planes, (SBufferInfo *)buffer_info);
}
long kaamos_h264_decoder_set_option(void *decoder, int option, void *value) {
    ISVCDecoder *d = (ISVCDecoder *)decoder;
    return (*d)->SetOption(d, (DECODER_OPTION)option, value);
}
long kaamos_h264_decoder_get_option(void *decoder, int option, void *value) {
    ISVCDecoder *d = (ISVCDecoder *)decoder;
    return (*d)->GetOption(d, (DECODER_OPTION)option, value);
}
