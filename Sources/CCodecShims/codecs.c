#include "kaamos_codecs.h"
#include <opus/opus.h>
#include <vpx/vpx_encoder.h>
#include <vpx/vpx_decoder.h>
#include <vpx/vp8cx.h>
#include <vpx/vp8dx.h>
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
