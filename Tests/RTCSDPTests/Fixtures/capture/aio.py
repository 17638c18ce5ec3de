import asyncio
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack
async def main():
    pc = RTCPeerConnection()
    pc.addTrack(AudioStreamTrack()); pc.addTrack(VideoStreamTrack())
    await pc.setLocalDescription(await pc.createOffer())
    open("out/aiortc-offer.sdp", "w", newline="").write(pc.localDescription.sdp)
    pc2 = RTCPeerConnection()
    await pc2.setRemoteDescription(RTCSessionDescription(open("out/chrome-offer.sdp", newline="").read(), "offer"))
    for t in pc2.getTransceivers():
        if t.kind == "audio": t.sender.replaceTrack(AudioStreamTrack())
        else: t.sender.replaceTrack(VideoStreamTrack())
    await pc2.setLocalDescription(await pc2.createAnswer())
    open("out/aiortc-answer.sdp", "w", newline="").write(pc2.localDescription.sdp)
    await pc.close(); await pc2.close()
asyncio.run(main())
