// Kaamos call page: checks the room, takes the camera and microphone (or
// joins receive-only), joins over signaling, shows a named tile for every
// remote participant, and rejoins with backoff when the WebSocket drops.
import { SignalingClient, Backoff } from './signaling.js';
import { CallSession, setTrackEnabled } from './webrtc.js';

const STRINGS = {
    en: {
        checking: 'Checking the room…',
        media: 'Asking for camera and microphone…',
        connecting: 'Connecting…',
        connected: 'Connected',
        connectedCount: (n) => (n === 1 ? 'Connected · 1 other in the call' : `Connected · ${n} others in the call`),
        reconnecting: (s) => `Connection lost · reconnecting in ${s} s…`,
        reconnectingNow: 'Reconnecting…',
        notFound: 'Room not found or expired',
        notFoundDetail: 'Ask for a new link.',
        badLink: 'Invalid room link',
        full: 'The room is full',
        fullDetail: 'Try again later.',
        kicked: 'You were removed from the call',
        closed: 'The room was closed',
        ended: 'Call ended',
        error: 'Connection error',
        receiveOnly: 'No camera or microphone: you joined receive-only',
        noCamera: 'No camera: audio only',
        noMic: 'No microphone: video only',
        mediaUnavailable: 'Media is not available on the server',
        you: 'You',
        waiting: 'Waiting for others to join…',
        shareHint: "Share this page's link to invite someone.",
        rejoin: 'Rejoin',
        hangUp: 'Hang up',
        enableSound: 'Tap to turn the sound on',
        microphone: 'Microphone',
        camera: 'Camera',
        guest: 'Guest',
    },
    ru: {
        checking: 'Проверка комнаты…',
        media: 'Запрос доступа к камере…',
        connecting: 'Подключение…',
        connected: 'Звонок активен',
        connectedCount: (n) => `Звонок активен · участников: ${n + 1}`,
        reconnecting: (s) => `Связь потеряна · переподключение через ${s} с…`,
        reconnectingNow: 'Переподключение…',
        notFound: 'Комната не найдена или истекла',
        notFoundDetail: 'Попросите новую ссылку.',
        badLink: 'Неверная ссылка на комнату',
        full: 'Комната заполнена',
        fullDetail: 'Попробуйте позже.',
        kicked: 'Вас удалили из звонка',
        closed: 'Комната закрыта',
        ended: 'Звонок завершён',
        error: 'Ошибка соединения',
        receiveOnly: 'Камера и микрофон недоступны: только просмотр',
        noCamera: 'Камера не найдена: только звук',
        noMic: 'Микрофон не найден: только видео',
        mediaUnavailable: 'Медиа на сервере недоступно',
        you: 'Вы',
        waiting: 'Ожидание участников…',
        shareHint: 'Отправьте ссылку на эту страницу, чтобы пригласить.',
        rejoin: 'Вернуться',
        hangUp: 'Завершить',
        enableSound: 'Нажмите, чтобы включить звук',
        microphone: 'Микрофон',
        camera: 'Камера',
        guest: 'Гость',
    },
};

const params = new URLSearchParams(window.location.search);
const lang = (params.get('lang') || navigator.language || 'en').toLowerCase().startsWith('ru') ? 'ru' : 'en';
const T = STRINGS[lang];
document.documentElement.lang = lang;

const TERMINAL = new Set(['not-found', 'full', 'kicked', 'closed', 'ended', 'error']);
const ROOM_ID_PATTERN = /^[A-Za-z0-9]{10}$/;
const JOINED_WAIT_MS = 1500;

const $ = (id) => document.getElementById(id);
const ui = {
    app: $('app'),
    status: $('status'),
    tiles: $('tiles'),
    empty: $('empty'),
    self: $('self'),
    localVideo: $('localVideo'),
    selfLabel: $('selfLabel'),
    selfNotice: $('selfNotice'),
    ended: $('ended'),
    endedTitle: $('endedTitle'),
    endedDetail: $('endedDetail'),
    rejoin: $('rejoin'),
    mic: $('toggleMic'),
    cam: $('toggleCam'),
    hangUp: $('endCall'),
    sound: $('enableSound'),
};

for (const el of document.querySelectorAll('[data-i18n]')) {
    const text = T[el.dataset.i18n];
    if (typeof text === 'string') el.textContent = text;
}
for (const [button, key] of [[ui.mic, 'microphone'], [ui.cam, 'camera'], [ui.hangUp, 'hangUp']]) {
    button.title = T[key];
    button.setAttribute('aria-label', T[key]);
}

const call = {
    roomId: roomIdFromPath(window.location.pathname),
    state: 'connecting',
    participantId: null,
    participants: new Map(), // id -> {id, name, audio, video}
    tiles: new Map(), // participant id (msid stream id) -> tile record
    localStream: null,
    receiveOnly: false,
    micOn: true,
    camOn: true,
    signaling: null,
    session: null,
    backoff: new Backoff(),
    reconnectTimer: null,
    joinTimer: null,
    everJoined: false,
    joins: 0,
    errors: [],
    mediaError: null,
    log: [],
    name: pickName(),
    userId: pickUserId(),
};

function log(line) {
    const entry = `${(performance.now() / 1000).toFixed(3)} ${line}`;
    call.log.push(entry);
    if (call.log.length > 300) call.log.shift();
    console.debug(`kaamos: ${line}`);
}

function roomIdFromPath(pathname) {
    const parts = pathname.split('/').filter(Boolean);
    const roomIndex = parts.lastIndexOf('room');
    const candidate = roomIndex >= 0 ? parts[roomIndex + 1] : parts[parts.length - 1];
    return candidate ? decodeURIComponent(candidate) : '';
}

function pickName() {
    const fromQuery = (params.get('name') || '').trim();
    if (fromQuery) return fromQuery.slice(0, 64);
    try {
        const stored = localStorage.getItem('kaamos.name');
        if (stored) return stored;
    } catch (_) { /* storage disabled */ }
    return `${T.guest} ${Math.floor(1000 + Math.random() * 9000)}`;
}

function pickUserId() {
    try {
        let id = sessionStorage.getItem('kaamos.user_id');
        if (!id) {
            id = `web_${Math.random().toString(36).slice(2, 12)}`;
            sessionStorage.setItem('kaamos.user_id', id);
        }
        return id;
    } catch (_) {
        return `web_${Math.random().toString(36).slice(2, 12)}`;
    }
}

// ---- status line -----------------------------------------------------------

let statusFadeTimer = null;

function setState(state, text, detail = '') {
    if (TERMINAL.has(call.state) && call.state !== state) return; // terminal wins
    call.state = state;
    ui.app.dataset.state = state;
    showStatus(text, state);
    if (TERMINAL.has(state)) showEnded(text, detail, state);
    log(`state ${state}: ${text}`);
}

function showStatus(text, state = call.state) {
    clearTimeout(statusFadeTimer);
    ui.status.textContent = text;
    ui.status.dataset.state = state;
    ui.status.classList.remove('faded');
    if (state === 'connected') {
        statusFadeTimer = setTimeout(() => ui.status.classList.add('faded'), 3000);
    }
}

function connectedText() {
    const others = [...call.participants.keys()].filter((id) => id !== call.participantId).length;
    return others > 0 ? T.connectedCount(others) : T.connected;
}

function showEnded(title, detail, state) {
    ui.endedTitle.textContent = title;
    ui.endedDetail.textContent = detail;
    ui.ended.hidden = false;
    ui.ended.dataset.state = state;
    ui.rejoin.hidden = !['ended', 'kicked', 'full', 'error'].includes(state);
    ui.empty.hidden = true;
}

// ---- tiles -------------------------------------------------------------------

function participantName(id) {
    const p = call.participants.get(id);
    return (p && p.name) || id;
}

function ensureTile(id) {
    let tile = call.tiles.get(id);
    if (tile) return tile;
    const el = document.createElement('figure');
    el.className = 'tile';
    el.dataset.participantId = id;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    const avatar = document.createElement('div');
    avatar.className = 'avatar';
    const label = document.createElement('figcaption');
    label.className = 'name-label';
    el.append(video, avatar, label);
    ui.tiles.append(el);
    tile = { id, el, video, avatar, label, stream: null };
    call.tiles.set(id, tile);
    refreshTile(tile);
    layout();
    log(`tile added for ${id}`);
    return tile;
}

function refreshTile(tile) {
    const name = participantName(tile.id);
    tile.label.textContent = name;
    tile.avatar.textContent = (name.trim()[0] || '?').toUpperCase();
    const p = call.participants.get(tile.id);
    const liveVideo = !!tile.stream && tile.stream.getVideoTracks().some((t) => t.readyState === 'live' && !t.muted);
    const videoOff = p && p.video === false;
    tile.el.classList.toggle('no-video', !liveVideo || videoOff);
    tile.el.classList.toggle('audio-off', !!p && p.audio === false);
}

function removeTile(id, why) {
    const tile = call.tiles.get(id);
    if (!tile) return;
    tile.video.srcObject = null;
    tile.stream = null; // listeners on the old stream see it is no longer theirs
    tile.el.remove();
    call.tiles.delete(id);
    layout();
    log(`tile removed for ${id} (${why})`);
}

function clearTiles() {
    for (const id of [...call.tiles.keys()]) removeTile(id, 'session ended');
}

function layout() {
    const count = call.tiles.size;
    ui.tiles.dataset.count = String(count);
    ui.empty.hidden = count > 0 || call.state !== 'connected';
}

function attachRemoteTrack({ track, stream, transceiver }) {
    // The SFU names each forwarded stream after its sender:
    // a=msid:<participant_id> <track_id>.
    const id = stream ? stream.id : `mid-${transceiver && transceiver.mid}`;
    if (id === call.participantId) return; // never show ourselves as remote
    const tile = ensureTile(id);
    const source = stream || tile.stream || new MediaStream();
    if (!stream && !source.getTracks().includes(track)) source.addTrack(track);
    if (tile.stream !== source) {
        tile.stream = source;
        tile.video.srcObject = source;
        source.addEventListener('removetrack', () => {
            if (tile.stream === source && source.getTracks().length === 0) removeTile(id, 'tracks removed');
            else refreshTile(tile);
        });
        source.addEventListener('addtrack', () => refreshTile(tile));
    }
    play(tile.video);
    track.addEventListener('ended', () => {
        if (tile.stream !== source) return;
        if (source.getTracks().every((t) => t.readyState === 'ended')) removeTile(id, 'tracks ended');
        else refreshTile(tile);
    });
    track.addEventListener('mute', () => refreshTile(tile));
    track.addEventListener('unmute', () => refreshTile(tile));
    refreshTile(tile);
    log(`remote ${track.kind} track for ${id}`);
}

// A browser may refuse to play sound before the person has touched the page
// (a receive-only guest never granted the microphone). Then play muted and
// offer one tap to turn the sound on everywhere.
function play(video) {
    const playing = video.play();
    if (!playing || !playing.catch) return;
    playing.catch((error) => {
        if (error && error.name === 'NotAllowedError' && !video.muted) {
            video.muted = true;
            video.play().catch(() => {});
            ui.sound.hidden = false;
            log('autoplay with sound refused: playing muted');
        }
    });
}

ui.sound.addEventListener('click', () => {
    ui.sound.hidden = true;
    for (const tile of call.tiles.values()) {
        tile.video.muted = false;
        tile.video.play().catch(() => {});
    }
});

// ---- local media ---------------------------------------------------------------

async function getLocalMedia() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return null;
    const video = { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' };
    const audio = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
    const attempts = [{ audio, video }, { audio }, { video }];
    for (const constraints of attempts) {
        try {
            return await navigator.mediaDevices.getUserMedia(constraints);
        } catch (error) {
            log(`getUserMedia ${Object.keys(constraints).join('+')} failed: ${error.name}`);
            if (error.name === 'NotAllowedError' || error.name === 'SecurityError') return null;
        }
    }
    return null;
}

function showLocalMedia(stream) {
    const hasAudio = !!stream && stream.getAudioTracks().length > 0;
    const hasVideo = !!stream && stream.getVideoTracks().length > 0;
    call.receiveOnly = !hasAudio && !hasVideo;
    call.micOn = hasAudio;
    call.camOn = hasVideo;
    ui.mic.disabled = !hasAudio;
    ui.cam.disabled = !hasVideo;
    setButton(ui.mic, hasAudio);
    setButton(ui.cam, hasVideo);
    ui.selfLabel.textContent = `${call.name} (${T.you})`;
    let notice = '';
    if (call.receiveOnly) notice = T.receiveOnly;
    else if (!hasVideo) notice = T.noCamera;
    else if (!hasAudio) notice = T.noMic;
    ui.selfNotice.textContent = notice;
    ui.selfNotice.hidden = !notice;
    ui.self.classList.toggle('no-video', !hasVideo);
    ui.self.classList.toggle('receive-only', call.receiveOnly);
    if (hasVideo) ui.localVideo.srcObject = stream;
    return notice;
}

function setButton(button, on) {
    button.classList.toggle('active', on);
    button.classList.toggle('off', !on);
    button.setAttribute('aria-pressed', String(on));
}

function sendMediaState() {
    if (call.signaling) {
        call.signaling.send({ type: 'media-state', audio: call.micOn, video: call.camOn });
    }
}

// ---- joining, leaving, reconnecting ----------------------------------------

async function roomExists() {
    // Returns true, false (404 or invalid id) or null (server unreachable).
    try {
        const response = await fetch(`/api/rooms/${encodeURIComponent(call.roomId)}`, { cache: 'no-store' });
        if (response.status === 404 || response.status === 400) return false;
        return true; // 200, or anything else: let the WebSocket decide
    } catch (_) {
        return null;
    }
}

async function connect() {
    if (TERMINAL.has(call.state)) return;
    const exists = await roomExists();
    if (exists === false) {
        if (call.everJoined) setState('closed', T.closed);
        else setState('not-found', T.notFound, T.notFoundDetail);
        return;
    }
    if (exists === null) {
        scheduleReconnect();
        return;
    }

    const signaling = new SignalingClient(call.roomId);
    call.signaling = signaling;
    signaling.on('*', (message) => onMessage(signaling, message));
    signaling.on('close', (info) => onSignalingClosed(signaling, info));
    try {
        await signaling.connect();
    } catch (error) {
        log(`signaling connect failed: ${error.message}`);
        if (call.signaling === signaling) call.signaling = null;
        scheduleReconnect();
        return;
    }
    if (call.signaling !== signaling || TERMINAL.has(call.state)) {
        signaling.close();
        return;
    }
    signaling.send({
        type: 'join',
        room_id: call.roomId,
        user_id: call.userId,
        name: call.name,
    });
    log('join sent');
    // `joined` is an extension: a core-only server never sends it. Without
    // it after a moment, go on as joined (PROTOCOL.md: never wait for one).
    clearTimeout(call.joinTimer);
    call.joinTimer = setTimeout(() => {
        if (call.signaling === signaling && !call.session && !TERMINAL.has(call.state)) {
            log('no joined message: assuming a core-only server');
            onJoined(signaling, {});
        }
    }, JOINED_WAIT_MS);
}

function onMessage(signaling, message) {
    if (signaling !== call.signaling) return;
    if (call.session && call.session.handleMessage(message)) return;
    switch (message.type) {
        case 'joined':
            onJoined(signaling, message);
            break;
        case 'participant-joined': {
            const p = message.participant || {};
            if (p.id) {
                call.participants.set(p.id, { ...call.participants.get(p.id), ...p });
                const tile = call.tiles.get(p.id);
                if (tile) refreshTile(tile);
                if (call.state === 'connected') showStatus(connectedText());
            }
            break;
        }
        case 'participant-left': {
            const id = message.participant_id || (message.participant && message.participant.id);
            if (id) {
                call.participants.delete(id);
                removeTile(id, 'participant-left');
                if (call.state === 'connected') showStatus(connectedText());
            }
            break;
        }
        case 'media-state': {
            const id = message.participant_id;
            if (id && id !== call.participantId) {
                const p = call.participants.get(id) || { id };
                if (typeof message.audio === 'boolean') p.audio = message.audio;
                if (typeof message.video === 'boolean') p.video = message.video;
                call.participants.set(id, p);
                const tile = call.tiles.get(id);
                if (tile) refreshTile(tile);
            }
            break;
        }
        case 'kicked':
            finish('kicked', T.kicked, message.reason || '');
            break;
        case 'room-closed':
            finish('closed', T.closed, message.reason || '');
            break;
        case 'error':
            onServerError(message);
            break;
        default:
            break; // unknown types are ignored (PROTOCOL.md)
    }
}

function onJoined(signaling, message) {
    clearTimeout(call.joinTimer);
    if (call.session && call.session.signaling === signaling) {
        // A late `joined` after the core-only fallback: take its names only.
        call.participantId = message.participant_id || call.participantId;
        for (const p of message.participants || []) {
            if (p && p.id) call.participants.set(p.id, p);
        }
        for (const tile of call.tiles.values()) refreshTile(tile);
        return;
    }
    call.everJoined = true;
    call.joins += 1;
    call.backoff.reset();
    call.participantId = message.participant_id || null;
    call.participants.clear();
    for (const p of message.participants || []) {
        if (p && p.id) call.participants.set(p.id, p);
    }
    call.mediaError = null;
    setState('connected', connectedText());
    layout();
    startSession(signaling, message.ice_servers);
    if (!call.micOn || !call.camOn) sendMediaState();
}

function startSession(signaling, iceServers) {
    if (call.session) call.session.close();
    const session = new CallSession(signaling, {
        localStream: call.localStream,
        iceServers,
        log,
    });
    call.session = session;
    session.addEventListener('remotetrack', (event) => {
        if (call.session === session) attachRemoteTrack(event.detail);
    });
    session.addEventListener('connectionstate', (event) => {
        if (call.session !== session) return;
        if (event.detail === 'failed') {
            log('media connection failed: rejoining');
            dropAndReconnect();
        }
    });
    session.addEventListener('negotiationerror', (event) => {
        if (call.session !== session) return;
        call.errors.push({ code: 'negotiation', message: String(event.detail && event.detail.message) });
    });
    session.start();
}

function onServerError(message) {
    const code = message.code || 'error';
    call.errors.push({ code, message: message.message || '' });
    log(`server error ${code}: ${message.message || ''}`);
    if (code === 'room-not-found') {
        if (call.everJoined) finish('closed', T.closed);
        else finish('not-found', T.notFound, T.notFoundDetail);
    } else if (code === 'room-full') {
        finish('full', T.full, T.fullDetail);
    } else if (code === 'kicked' || code === 'banned') {
        finish('kicked', T.kicked, message.message || '');
    } else if (call.session && call.session.offerOutstanding) {
        // The server refused our offer: media is not available there.
        call.mediaError = { code, message: message.message || '' };
        showStatus(`${T.mediaUnavailable} (${code})`, 'warning');
    }
}

function onSignalingClosed(signaling, info) {
    if (signaling !== call.signaling) return;
    log(`signaling closed: code ${info.code} ${info.reason || ''}`);
    call.signaling = null;
    if (TERMINAL.has(call.state)) return;
    if (info.code === 4404) {
        finish(call.everJoined ? 'closed' : 'not-found', call.everJoined ? T.closed : T.notFound);
        return;
    }
    teardownSession();
    scheduleReconnect();
}

function teardownSession() {
    if (call.session) {
        call.session.close();
        call.session = null;
    }
    clearTiles();
}

function dropAndReconnect() {
    const signaling = call.signaling;
    call.signaling = null;
    if (signaling) signaling.close();
    teardownSession();
    scheduleReconnect();
}

function scheduleReconnect() {
    if (TERMINAL.has(call.state) || call.reconnectTimer) return;
    const delay = call.backoff.next();
    call.state = 'reconnecting';
    ui.app.dataset.state = 'reconnecting';
    const seconds = Math.max(1, Math.round(delay / 1000));
    showStatus(call.everJoined ? T.reconnecting(seconds) : T.connecting, 'reconnecting');
    log(`reconnecting in ${delay} ms`);
    call.reconnectTimer = setTimeout(() => {
        call.reconnectTimer = null;
        showStatus(T.reconnectingNow, 'reconnecting');
        connect();
    }, delay);
}

function finish(state, title, detail = '') {
    if (TERMINAL.has(call.state)) return;
    clearTimeout(call.reconnectTimer);
    call.reconnectTimer = null;
    const signaling = call.signaling;
    call.signaling = null;
    if (signaling) {
        if (state === 'ended') signaling.send({ type: 'leave' });
        signaling.close();
    }
    teardownSession();
    if (call.localStream) {
        for (const track of call.localStream.getTracks()) track.stop();
    }
    ui.localVideo.srcObject = null;
    ui.mic.disabled = true;
    ui.cam.disabled = true;
    ui.hangUp.disabled = true;
    setState(state, title, detail);
}

// ---- controls -------------------------------------------------------------------

ui.mic.addEventListener('click', () => {
    call.micOn = !call.micOn;
    setTrackEnabled(call.localStream, 'audio', call.micOn);
    setButton(ui.mic, call.micOn);
    sendMediaState();
});

ui.cam.addEventListener('click', () => {
    call.camOn = !call.camOn;
    setTrackEnabled(call.localStream, 'video', call.camOn);
    setButton(ui.cam, call.camOn);
    ui.self.classList.toggle('no-video', !call.camOn);
    sendMediaState();
});

ui.hangUp.addEventListener('click', () => finish('ended', T.ended));
ui.rejoin.addEventListener('click', () => window.location.reload());
window.addEventListener('pagehide', () => {
    if (call.signaling) call.signaling.send({ type: 'leave' });
});

// ---- test hooks -----------------------------------------------------------------

window.kaamos = {
    get state() { return call.state; },
    get participantId() { return call.participantId; },
    get roomId() { return call.roomId; },
    get name() { return call.name; },
    get receiveOnly() { return call.receiveOnly; },
    get mediaError() { return call.mediaError; },
    get errors() { return call.errors.slice(); },
    get joins() { return call.joins; },
    get connectionState() { return call.session ? call.session.connectionState : 'new'; },
    get negotiations() { return call.session ? call.session.negotiations : 0; },
    get log() { return call.log.slice(); },
    statusText() { return ui.status.textContent; },
    localTracks() {
        return call.localStream
            ? call.localStream.getTracks().map((t) => ({ kind: t.kind, enabled: t.enabled }))
            : [];
    },
    participants() { return [...call.participants.values()]; },
    remoteTiles() {
        return [...call.tiles.values()].map((tile) => ({
            id: tile.id,
            name: tile.label.textContent,
            audio: !!tile.stream && tile.stream.getAudioTracks().some((t) => t.readyState === 'live'),
            video: !!tile.stream && tile.stream.getVideoTracks().some((t) => t.readyState === 'live'),
            width: tile.video.videoWidth,
            height: tile.video.videoHeight,
        }));
    },
    async stats() {
        if (!call.session) return { framesDecoded: 0, audioPacketsReceived: 0 };
        return call.session.stats();
    },
    // Drops the WebSocket as a network failure would (tests reconnection).
    dropSignaling() {
        if (call.signaling && call.signaling.ws) call.signaling.ws.close(4000, 'test drop');
    },
};

// ---- start --------------------------------------------------------------------

async function main() {
    if (!ROOM_ID_PATTERN.test(call.roomId)) {
        setState('not-found', T.badLink, T.notFoundDetail);
        return;
    }
    setState('connecting', T.checking);
    const exists = await roomExists();
    if (exists === false) {
        setState('not-found', T.notFound, T.notFoundDetail);
        return;
    }
    showStatus(T.media);
    call.localStream = await getLocalMedia();
    const notice = showLocalMedia(call.localStream);
    if (notice) log(notice);
    if (TERMINAL.has(call.state)) return;
    showStatus(T.connecting);
    await connect();
}

main().catch((error) => {
    console.error('kaamos: start failed', error);
    setState('error', T.error, String(error && error.message));
});
