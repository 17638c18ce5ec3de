import asyncio, subprocess
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack
async def main():
    pc = RTCPeerConnection()
    await pc.setRemoteDescription(RTCSessionDescription(open("our-offer.sdp").read(), "offer"))
    for t in pc.getTransceivers():
        pc.addTrack(AudioStreamTrack() if t.kind == "audio" else VideoStreamTrack())
    await pc.setLocalDescription(await pc.createAnswer())
    open("out/aiortc-answer-to-kaamos.sdp", "w", newline="").write(pc.localDescription.sdp)
    print("aiortc answered our offer:", [(t.mid, t.direction) for t in pc.getTransceivers()])
    pc2 = RTCPeerConnection()
    pc2.addTrack(AudioStreamTrack()); pc2.addTrack(VideoStreamTrack())
    await pc2.setLocalDescription(await pc2.createOffer())
    answer = subprocess.run(["./tool", "answer"], input=pc2.localDescription.sdp.encode(), capture_output=True).stdout.decode()
    await pc2.setRemoteDescription(RTCSessionDescription(answer, "answer"))
    print("aiortc accepted our answer:", [(t.mid, t.currentDirection, [c.mimeType for c in t._codecs]) for t in pc2.getTransceivers()])
    await pc.close(); await pc2.close()
asyncio.run(main())
