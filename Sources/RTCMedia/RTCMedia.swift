// RTCMedia module.
