#ifndef KAAMOS_CODECS_H
#define KAAMOS_CODECS_H
// Codec helpers: libopus ctl calls are variadic, libvpx init/control are macros, and openh264's
// encoder and decoder are C++ objects reached through function tables; Swift can call none of
// these. Handles are passed as void * so this header needs no codec headers: including them here
// as well as in COpus/CVPX/COpenH264 would give Swift two copies of every codec type.
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

/// openh264: in C an ISVCEncoder or ISVCDecoder handle points to a pointer to a table of
/// functions; these call through the table. Structs are the ones of <wels/codec_api.h>, named in
/// each comment. Encoder calls return a CM_RETURN (cmResultSuccess == 0).
/// Creates an ISVCEncoder into *encoder (WelsCreateSVCEncoder); returns 0 on success.
int kaamos_h264_encoder_create(void **encoder);
/// Uninitializes and destroys an encoder from kaamos_h264_encoder_create.
void kaamos_h264_encoder_destroy(void *encoder);
/// Fills an SEncParamExt with openh264's defaults.
int kaamos_h264_encoder_get_default_params(void *encoder, void *params);
/// Starts the encoder with an SEncParamExt.
int kaamos_h264_encoder_initialize(void *encoder, const void *params);
/// Encodes one SSourcePicture into an SFrameBSInfo (whose buffers the encoder owns until the next call).
int kaamos_h264_encoder_encode(void *encoder, const void *picture, void *info);
/// Makes the next picture an IDR with SPS and PPS in front.
int kaamos_h264_encoder_force_idr(void *encoder);
/// ENCODER_OPTION_* with a pointer to the option's value type.
int kaamos_h264_encoder_set_option(void *encoder, int option, void *value);
int kaamos_h264_encoder_get_option(void *encoder, int option, void *value);

/// Creates an ISVCDecoder into *decoder (WelsCreateDecoder); returns 0 on success.
long kaamos_h264_decoder_create(void **decoder);
/// Uninitializes and destroys a decoder from kaamos_h264_decoder_create.
void kaamos_h264_decoder_destroy(void *decoder);
/// Starts the decoder with an SDecodingParam; returns 0 on success.
long kaamos_h264_decoder_initialize(void *decoder, const void *params);
/// Decodes one access unit (Annex B) at once (DecodeFrameNoDelay): planes[3] get the picture's
/// planes and the SBufferInfo its layout when iBufferStatus is 1. Returns a DECODING_STATE mask.
int kaamos_h264_decoder_decode(void *decoder, const unsigned char *data, int length, unsigned char **planes,
                               void *buffer_info);
/// DECODER_OPTION_* with a pointer to the option's value type; returns 0 on success.
long kaamos_h264_decoder_set_option(void *decoder, int option, void *value);
long kaamos_h264_decoder_get_option(void *decoder, int option, void *value);

#endif
