// RTC module.
