// The ceiling of bench/: a socket.io server that speaks the live-round subset of
// docs/protocol.md and stores nothing durably. The bench plays the same round with
// the same load client against it and against the contest server, in the same run.
//
//   CONTEST_PORT=5100 REFERENCE_ORGANISER_TOKEN=t REFERENCE_FIXTURE=f.json node server.js
//
// It does not read workbooks: the bench starts it with the agencies and questions
// it uploads (REFERENCE_FIXTURE, JSON) and the upload calls answer with those.
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const http = require("node:http");
const { Server } = require("socket.io");
const { LiveRound, ProtocolError } = require("./round");

const PORT = Number(process.env.CONTEST_PORT || 5100);
const HOST = process.env.CONTEST_HOST || "127.0.0.1";
const ORGANISER_TOKEN = process.env.REFERENCE_ORGANISER_TOKEN || "";
const SECRET = process.env.CONTEST_SECRET_KEY || crypto.randomBytes(32).toString("hex");
const GRACE_MS = Number(process.env.CONTEST_ANSWER_GRACE_MS || 500);
const FIXTURE = JSON.parse(fs.readFileSync(process.env.REFERENCE_FIXTURE, "utf8"));
const JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

// ---- the organiser's data, in memory ---------------------------------------------
const agencies = FIXTURE.agencies.map((a, i) => ({ agency_id: i + 1, ...a }));
const agencyIds = new Set(agencies.map((a) => a.agency_id));
for (const a of agencies) {
  a.parent_id = a.parent_code ? agencies.find((b) => b.code === a.parent_code).agency_id : null;
}
const rounds = new Map();          // round id -> LiveRound
const roundsByCode = new Map();    // join code -> LiveRound
const sockets = new Map();         // round id -> Map(participant id -> Set(socket))
const devices = new Map();         // `${round}|${agency}|${name}|${device}` -> participant id
let nextId = { contest: 0, round: 0, participant: 0, option: 0 };

function error(code, message) {
  return { ok: false, error: code, message: message || code };
}

// ---- tokens: signed like the contest server's (HMAC over the JSON) -----------------
function sign(payload) {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${crypto.createHmac("sha1", SECRET).update(body).digest("base64url")}`;
}

function verify(token) {
  if (typeof token !== "string" || token.length > 500) return null;
  const [body, mac] = token.split(".");
  if (!body || !mac) return null;
  const want = Buffer.from(crypto.createHmac("sha1", SECRET).update(body).digest("base64url"));
  const got = Buffer.from(mac);
  if (got.length !== want.length || !crypto.timingSafeEqual(got, want)) return null;
  return JSON.parse(Buffer.from(body, "base64url").toString());
}

function fold(name) {
  return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
}

// ---- HTTP --------------------------------------------------------------------------
function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8",
                          "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function jsonOf(buffer) {
  try {
    const value = JSON.parse(buffer.toString("utf8") || "{}");
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function drawQuestions(count) {
  const bank = FIXTURE.questions;
  if (count > bank.length) throw new ProtocolError("bad_payload", "question_count");
  const picked = [...bank.keys()].sort(() => Math.random() - 0.5).slice(0, count);
  return picked.map((i) => {
    const q = bank[i];
    const options = q.options.map((text, j) => [++nextId.option, text, q.correct.includes(j)]);
    if (q.kind !== "true_false") options.sort(() => Math.random() - 0.5);
    return {
      question_id: i + 1, text: q.text, multiple: q.kind === "multiple",
      options: options.map(([id, text]) => [id, text]),
      correct: new Set(options.filter((o) => o[2]).map(([id]) => id)),
    };
  });
}

function newJoinCode() {
  for (;;) {
    const code = Array.from({ length: 6 }, () => JOIN_ALPHABET[crypto.randomInt(JOIN_ALPHABET.length)]).join("");
    if (!roundsByCode.has(code)) return code;
  }
}

function join(body, device) {
  const round = roundsByCode.get(String(body.join_code || "").trim().toUpperCase());
  if (!round) throw Object.assign(new ProtocolError("not_found", "Mã tham gia không đúng."), { status: 404 });
  if (round.status === "finished") throw new ProtocolError("not_open", "Vòng thi đã kết thúc.");
  const name = typeof body.name === "string" ? body.name.split(/\s+/).filter(Boolean).join(" ") : "";
  if (name.length < 2 || name.length > 100) throw new ProtocolError("bad_payload", "Cần họ và tên (2 đến 100 ký tự).");
  if (!Number.isInteger(body.agency_id) || !agencyIds.has(body.agency_id)) {
    throw new ProtocolError("bad_payload", "Cần chọn cơ quan, đơn vị.");
  }
  const key = `${round.id}|${body.agency_id}|${fold(name)}|${device}`;
  let id = devices.get(key);
  if (id === undefined) {
    id = ++nextId.participant;
    devices.set(key, id);
    round.participants.set(id, { id, name, agencyId: body.agency_id, joinedMs: Date.now(), score: 0, timeMs: 0 });
  }
  return { participant_token: sign({ p: id, r: round.id }), participant_id: id, round_id: round.id, name };
}

const organiserRoutes = [
  ["POST", /^\/agencies\/import$/, () => [201, { agencies: agencies.length, officials: 0 }]],
  ["GET", /^\/agencies$/, () => [200, agencies.map(({ agency_id, code, name, parent_id, headcount }) =>
    ({ agency_id, code, name, parent_id, headcount }))]],
  ["POST", /^\/question-banks$/, () => [201, { bank_id: 1, imported: FIXTURE.questions.length }]],
  ["POST", /^\/contests$/, () => [201, { contest_id: ++nextId.contest, display_token: crypto.randomBytes(18).toString("base64url") }]],
  ["POST", /^\/contests\/(\d+)\/rounds$/, (m, body) => {
    if (!body || body.mode !== "live") throw new ProtocolError("bad_payload", "the reference plays live rounds only");
    const round = new LiveRound(++nextId.round, Number(m[1]), newJoinCode(), body, drawQuestions(body.question_count ?? 10));
    rounds.set(round.id, round);
    roundsByCode.set(round.joinCode, round);
    sockets.set(round.id, new Map());
    return [201, { round_id: round.id, join_code: round.joinCode }];
  }],
  ["POST", /^\/rounds\/(\d+)\/start$/, (m) => {
    const round = roundOf(m);
    if (round.status !== "lobby") throw Object.assign(new ProtocolError("conflict", "Vòng thi đã bắt đầu."), { status: 409 });
    openQuestion(round, 0);
    return [200, { status: round.status, paused: false }];
  }],
  ["GET", /^\/rounds\/(\d+)$/, (m) => {
    const round = roundOf(m);
    return [200, { round_id: round.id, status: round.status, mode: "live", joined: round.participants.size,
                   answered_current: round.answeredCurrent() }];
  }],
  ["GET", /^\/rounds\/(\d+)\/answers$/, (m) => [200, [...roundOf(m).answers.values()].map(
    ({ time_ms, ...stored }) => stored)]],
];

function roundOf(match) {
  const round = rounds.get(Number(match[1]));
  if (!round) throw Object.assign(new ProtocolError("not_found", "Không có vòng thi này."), { status: 404 });
  return round;
}

async function handle(req, res) {
  const url = new URL(req.url, "http://reference");
  const body = await readBody(req);
  try {
    if (url.pathname === "/healthz") return send(res, 200, { ok: true });
    if (req.method === "POST" && url.pathname === "/api/v1/join") {
      const parsed = jsonOf(body);
      if (!parsed) return send(res, 400, error("bad_payload"));
      const cookie = /(?:^|;\s*)device=([^;]+)/.exec(req.headers.cookie || "");
      const device = cookie ? cookie[1] : crypto.randomBytes(16).toString("base64url");
      return send(res, 200, join(parsed, device), {
        "Set-Cookie": `device=${device}; Max-Age=31536000; HttpOnly; SameSite=Lax; Path=/`,
      });
    }
    if (!url.pathname.startsWith("/api/v1/")) return send(res, 404, error("not_found"));
    if (req.headers.authorization !== `Bearer ${ORGANISER_TOKEN}`) return send(res, 401, error("unauthorized"));
    const path = url.pathname.slice("/api/v1".length);
    for (const [method, pattern, route] of organiserRoutes) {
      const match = req.method === method && pattern.exec(path);
      if (match) {
        const isJson = (req.headers["content-type"] || "").startsWith("application/json");
        const [status, answer] = route(match, isJson ? jsonOf(body) : null);
        return send(res, status, answer);
      }
    }
    return send(res, 404, error("not_found"));
  } catch (exc) {
    if (!(exc instanceof ProtocolError)) throw exc;
    return send(res, exc.status || 400, error(exc.code, exc.message));
  }
}

// ---- Socket.IO /play -----------------------------------------------------------------
const httpServer = http.createServer((req, res) => {
  handle(req, res).catch((exc) => send(res, 500, error("internal", String(exc))));
});
httpServer.maxConnections = 100000;
const io = new Server(httpServer, {
  pingInterval: 25000, pingTimeout: 30000, maxHttpBufferSize: 64 * 1024,
  perMessageDeflate: false, serveClient: false, cors: { origin: false },
});
const play = io.of("/play");

play.use((socket, next) => {
  const claim = verify(socket.handshake.auth && socket.handshake.auth.token);
  const round = claim && rounds.get(claim.r);
  if (!round || !round.participants.has(claim.p)) {
    return next(Object.assign(new Error("unauthorized"), { data: error("unauthorized", "Phiên tham gia không hợp lệ.") }));
  }
  socket.data.round = round;
  socket.data.participantId = claim.p;
  return next();
});

play.on("connection", (socket) => {
  const { round, participantId } = socket.data;
  const mine = sockets.get(round.id);
  if (!mine.has(participantId)) mine.set(participantId, new Set());
  mine.get(participantId).add(socket);
  socket.join(`round:${round.id}`);
  socket.emit("state", { ...round.state(), my: round.my(participantId, null) });

  socket.on("answer", (payload, ack) => {
    if (typeof ack !== "function") return;
    try {
      ack(round.judge(participantId, payload, Date.now(), GRACE_MS));
    } catch (exc) {
      if (!(exc instanceof ProtocolError)) throw exc;
      ack(error(exc.code, exc.message));
    }
  });
  socket.onAny((event, ...args) => {
    const ack = args[args.length - 1];
    if (event !== "answer" && typeof ack === "function") ack(error("bad_payload", `Không có sự kiện “${event}”.`));
  });
  socket.on("disconnect", () => {
    const set = mine.get(participantId);
    set.delete(socket);
    if (set.size === 0) mine.delete(participantId);
  });
});

// ---- the round's clock ---------------------------------------------------------------
function eachSocket(round, fn) {
  for (const [participantId, set] of sockets.get(round.id)) for (const s of set) fn(s, participantId);
}

function emitStates(round, ranks) {
  const shared = round.state();
  eachSocket(round, (s, pid) => s.emit("state", { ...shared, my: round.my(pid, ranks) }));
}

function openQuestion(round, index) {
  round.open(index, Date.now());
  play.to(`round:${round.id}`).emit("question", round.publicQuestion());
  emitStates(round, round.lastRanks);
  setTimeout(() => reveal(round), round.deadlineMs + GRACE_MS - Date.now());
}

function reveal(round) {
  round.status = "reveal";
  const ranks = round.ranks();
  round.lastRanks = ranks;
  const q = round.question;
  const correct = [...q.correct].sort((a, b) => a - b);
  eachSocket(round, (s, pid) => s.emit("reveal", { question_id: q.question_id, correct, my: round.revealFor(pid, ranks) }));
  emitStates(round, ranks);
  if (round.advance === "auto") setTimeout(() => advance(round), round.revealSeconds * 1000);
}

function advance(round) {
  if (round.index + 1 < round.questions.length) return openQuestion(round, round.index + 1);
  round.status = "finished";
  const ranks = round.lastRanks;
  eachSocket(round, (s, pid) => s.emit("finished", { round_id: round.id, my: { score: round.participants.get(pid).score, rank: ranks.get(pid) } }));
  return emitStates(round, ranks);
}

httpServer.listen(PORT, HOST, 4096, () => {
  console.log(`reference server (non-durable, Node ${process.version}): http://${HOST}:${PORT}/`);
});
process.on("SIGTERM", () => process.exit(0));
