#ifndef KAAMOS_DEVICES_H
#define KAAMOS_DEVICES_H
// ALSA and V4L2 helpers for MediaIO: the macros and variadic calls Swift cannot import.
#include <stddef.h>
#include <stdint.h>
#ifdef __linux__
#include <alsa/asoundlib.h>
#include <linux/videodev2.h>
#include <libv4l2.h>
#include <sys/ioctl.h>

// MARK: ALSA

static void kaamos_alsa_silent_error_handler(const char *file, int line, const char *function,
                                             int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

/// Stops alsa-lib from printing its own diagnostics to stderr (they would corrupt the terminal UI);
/// errors still reach the caller as return codes.
static inline void kaamos_alsa_silence_errors(void) {
    snd_lib_error_set_handler(kaamos_alsa_silent_error_handler);
}

// MARK: V4L2

/// v4l2_ioctl is variadic; this fixes the third argument as a pointer. Returns -1 with errno set.
static inline int kaamos_v4l2_ioctl(int fd, unsigned long request, void *argument) {
    return v4l2_ioctl(fd, request, argument);
}

/// Plain ioctl (variadic in libc) with a pointer argument, for checking a node before libv4l2 wraps it:
/// libv4l2 prints to stderr when handed something that is not a camera, which would tear the UI.
static inline int kaamos_ioctl(int fd, unsigned long request, void *argument) {
    return ioctl(fd, request, argument);
}

// The VIDIOC_* request numbers are built with _IOWR(sizeof(struct ...)), which Swift cannot import.
extern const unsigned long kaamos_VIDIOC_QUERYCAP;
extern const unsigned long kaamos_VIDIOC_ENUM_FMT;
extern const unsigned long kaamos_VIDIOC_ENUM_FRAMESIZES;
extern const unsigned long kaamos_VIDIOC_ENUM_FRAMEINTERVALS;
extern const unsigned long kaamos_VIDIOC_S_FMT;
extern const unsigned long kaamos_VIDIOC_G_FMT;
extern const unsigned long kaamos_VIDIOC_S_PARM;
extern const unsigned long kaamos_VIDIOC_REQBUFS;
extern const unsigned long kaamos_VIDIOC_QUERYBUF;
extern const unsigned long kaamos_VIDIOC_QBUF;
extern const unsigned long kaamos_VIDIOC_DQBUF;
extern const unsigned long kaamos_VIDIOC_STREAMON;
extern const unsigned long kaamos_VIDIOC_STREAMOFF;

/// v4l2_fourcc is a macro; Swift builds the same value through this.
static inline uint32_t kaamos_v4l2_fourcc(char a, char b, char c, char d) {
    return v4l2_fourcc(a, b, c, d);
}

#endif /* __linux__ */
#endif
