// Request numbers for the V4L2 ioctls MediaIO uses: plain constants, so no library is needed to link them.
#include "kaamos_devices.h"

#ifdef __linux__

const unsigned long kaamos_VIDIOC_QUERYCAP = VIDIOC_QUERYCAP;
const unsigned long kaamos_VIDIOC_ENUM_FMT = VIDIOC_ENUM_FMT;
const unsigned long kaamos_VIDIOC_ENUM_FRAMESIZES = VIDIOC_ENUM_FRAMESIZES;
const unsigned long kaamos_VIDIOC_ENUM_FRAMEINTERVALS = VIDIOC_ENUM_FRAMEINTERVALS;
const unsigned long kaamos_VIDIOC_S_FMT = VIDIOC_S_FMT;
const unsigned long kaamos_VIDIOC_G_FMT = VIDIOC_G_FMT;
const unsigned long kaamos_VIDIOC_S_PARM = VIDIOC_S_PARM;
const unsigned long kaamos_VIDIOC_REQBUFS = VIDIOC_REQBUFS;
const unsigned long kaamos_VIDIOC_QUERYBUF = VIDIOC_QUERYBUF;
const unsigned long kaamos_VIDIOC_QBUF = VIDIOC_QBUF;
const unsigned long kaamos_VIDIOC_DQBUF = VIDIOC_DQBUF;
const unsigned long kaamos_VIDIOC_STREAMON = VIDIOC_STREAMON;
const unsigned long kaamos_VIDIOC_STREAMOFF = VIDIOC_STREAMOFF;
#endif
