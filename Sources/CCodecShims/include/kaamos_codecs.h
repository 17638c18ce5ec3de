#ifndef KAAMOS_CODECS_H
#define KAAMOS_CODECS_H
// Codec helpers: libopus ctl calls are variadic and libvpx init/control are macros, neither of which
// Swift can call. Handles are passed as void * so this header needs no codec headers: including
// them here as well as in COpus/CVPX would give Swift two copies of every codec type.
#include <stdint.h>

/// Each returns an OPUS_* status code (OPUS_OK == 0).
int kaamos_opus_encoder_set_bitrate(void *encoder, int32_t bits_per_second);
int kaamos_opus_encoder_get_bitrate(void *encoder, int32_t *bits_per_second);
int kaamos_opus_encoder_set_inband_fec(void *encoder, int32_t enabled);
int kaamos_opus_encoder_set_packet_loss_percent(void *encoder, int32_t percent);
int kaamos_opus_encoder_set_dtx(void *encoder, int32_t enabled);
int kaamos_opus_encoder_set_complexity(void *encoder, int32_t complexity);
int kaamos_opus_encoder_get_lookahead(void *encoder, int32_t *samples);
int kaamos_opus_decoder_get_last_packet_duration(void *decoder, int32_t *samples);

/// Initialises a caller-allocated vpx_codec_ctx_t for VP8 with a vpx_codec_enc_cfg_t; returns vpx_codec_err_t.
int kaamos_vp8_encoder_init(void *context, const void *config);
/// Initialises a caller-allocated vpx_codec_ctx_t as a VP8 decoder; returns vpx_codec_err_t.
int kaamos_vp8_decoder_init(void *context, unsigned int threads);
int kaamos_vp8_encoder_set_cpu_used(void *context, int speed);
int kaamos_vp8_encoder_set_static_threshold(void *context, unsigned int threshold);
int kaamos_vp8_encoder_set_max_intra_bitrate_percent(void *context, unsigned int percent);
int kaamos_vp8_encoder_set_noise_sensitivity(void *context, unsigned int level);
/// Sets *corrupted to non-zero when the last decoded frame is known to be damaged.
int kaamos_vp8_decoder_get_frame_corrupted(void *context, int *corrupted);

#endif
