#include "kaamos_codecs.h"
#include <opus/opus.h>
#include <vpx/vpx_encoder.h>
#include <vpx/vpx_decoder.h>
#include <vpx/vp8cx.h>
#include <vpx/vp8dx.h>
#include <stddef.h>

// CShims is linked into every program that uses any shim, but only MediaIO links libopus and
// libvpx. Weak references let a program without the codecs (a server, say) link; the checks below
// turn a call without them into an error code instead of a jump to address zero.
#pragma weak opus_encoder_ctl
#pragma weak opus_decoder_ctl
#pragma weak vpx_codec_enc_init_ver
#pragma weak vpx_codec_dec_init_ver
#pragma weak vpx_codec_vp8_cx
#pragma weak vpx_codec_vp8_dx
#pragma weak vpx_codec_control_

#define KAAMOS_NEED_OPUS(fn) if (!(fn)) return OPUS_UNIMPLEMENTED
#define KAAMOS_NEED_VPX(fn) if (!(fn)) return VPX_CODEC_INCAPABLE

int kaamos_opus_encoder_set_bitrate(void *encoder, int32_t bits_per_second) {
    KAAMOS_NEED_OPUS(opus_encoder_ctl);
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_SET_BITRATE(bits_per_second));
}
int kaamos_opus_encoder_get_bitrate(void *encoder, int32_t *bits_per_second) {
    KAAMOS_NEED_OPUS(opus_encoder_ctl);
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_GET_BITRATE(bits_per_second));
}
int kaamos_opus_encoder_set_inband_fec(void *encoder, int32_t enabled) {
    KAAMOS_NEED_OPUS(opus_encoder_ctl);
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_SET_INBAND_FEC(enabled));
}
int kaamos_opus_encoder_set_packet_loss_percent(void *encoder, int32_t percent) {
    KAAMOS_NEED_OPUS(opus_encoder_ctl);
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_SET_PACKET_LOSS_PERC(percent));
}
int kaamos_opus_encoder_set_dtx(void *encoder, int32_t enabled) {
    KAAMOS_NEED_OPUS(opus_encoder_ctl);
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_SET_DTX(enabled));
}
int kaamos_opus_encoder_set_complexity(void *encoder, int32_t complexity) {
    KAAMOS_NEED_OPUS(opus_encoder_ctl);
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_SET_COMPLEXITY(complexity));
}
int kaamos_opus_encoder_get_lookahead(void *encoder, int32_t *samples) {
    KAAMOS_NEED_OPUS(opus_encoder_ctl);
    return opus_encoder_ctl((OpusEncoder *)encoder, OPUS_GET_LOOKAHEAD(samples));
}
int kaamos_opus_decoder_get_last_packet_duration(void *decoder, int32_t *samples) {
    KAAMOS_NEED_OPUS(opus_decoder_ctl);
    return opus_decoder_ctl((OpusDecoder *)decoder, OPUS_GET_LAST_PACKET_DURATION(samples));
}

int kaamos_vp8_encoder_init(void *context, const void *config) {
    KAAMOS_NEED_VPX(vpx_codec_enc_init_ver && vpx_codec_vp8_cx);
    return vpx_codec_enc_init((vpx_codec_ctx_t *)context, vpx_codec_vp8_cx(),
                              (const vpx_codec_enc_cfg_t *)config, 0);
}
int kaamos_vp8_decoder_init(void *context, unsigned int threads) {
    KAAMOS_NEED_VPX(vpx_codec_dec_init_ver && vpx_codec_vp8_dx);
    vpx_codec_dec_cfg_t config = {.threads = threads, .w = 0, .h = 0};
    return vpx_codec_dec_init((vpx_codec_ctx_t *)context, vpx_codec_vp8_dx(), &config, 0);
}
int kaamos_vp8_encoder_set_cpu_used(void *context, int speed) {
    KAAMOS_NEED_VPX(vpx_codec_control_);
    return vpx_codec_control((vpx_codec_ctx_t *)context, VP8E_SET_CPUUSED, speed);
}
int kaamos_vp8_encoder_set_static_threshold(void *context, unsigned int threshold) {
    KAAMOS_NEED_VPX(vpx_codec_control_);
    return vpx_codec_control((vpx_codec_ctx_t *)context, VP8E_SET_STATIC_THRESHOLD, threshold);
}
int kaamos_vp8_encoder_set_max_intra_bitrate_percent(void *context, unsigned int percent) {
    KAAMOS_NEED_VPX(vpx_codec_control_);
    return vpx_codec_control((vpx_codec_ctx_t *)context, VP8E_SET_MAX_INTRA_BITRATE_PCT, percent);
}
int kaamos_vp8_encoder_set_noise_sensitivity(void *context, unsigned int level) {
    KAAMOS_NEED_VPX(vpx_codec_control_);
    return vpx_codec_control((vpx_codec_ctx_t *)context, VP8E_SET_NOISE_SENSITIVITY, level);
}
int kaamos_vp8_decoder_get_frame_corrupted(void *context, int *corrupted) {
    KAAMOS_NEED_VPX(vpx_codec_control_);
    return vpx_codec_control((vpx_codec_ctx_t *)context, VP8D_GET_FRAME_CORRUPTED, corrupted);
}
