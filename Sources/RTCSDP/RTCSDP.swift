// RTCSDP module.
