// RTCICE module.
