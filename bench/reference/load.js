// One load process of bench/ in Node (`--client node`): socket.io-client 4, the
// official JavaScript client, one connection per official, as phones have.
//
// It speaks to the Python parent (bench/nodeload.py) in JSON lines: the parameters
// arrive on stdin, then the commands {"phase":"join"}, {"phase":"connect"} and the
// round's start; it answers on stdout with {"kind":"loaded"|"joined"|"ready"|"done",
// "data":...}, the same messages as the Python load processes (bench/officials.py).
"use strict";

const http = require("node:http");
const { monitorEventLoopDelay } = require("node:perf_hooks");
const readline = require("node:readline");
const { io } = require("socket.io-client");

const PLAY = "/play";
const lines = readline.createInterface({ input: process.stdin });
const inbox = [];
let waiting = null;
lines.on("line", (line) => {
  const msg = JSON.parse(line);
  if (waiting) { const w = waiting; waiting = null; w(msg); } else inbox.push(msg);
});

function receive() {
  return inbox.length ? Promise.resolve(inbox.shift()) : new Promise((resolve) => { waiting = resolve; });
}

function tell(kind, data) {
  return new Promise((resolve) => process.stdout.write(JSON.stringify({ kind, data }) + "\n", resolve));
}

function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

// epoch milliseconds with a fraction: a millisecond-rounded ack of 0 ms would say nothing
const nowMs = () => performance.timeOrigin + performance.now();
// monitorEventLoopDelay records the time between its timer's runs (ns): the lag is what
// exceeds the timer's 10 ms
const lateMs = (ns) => Math.max(Math.round(ns / 1e5 - 100) / 10, 0);
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(ms, 0)));

// node:http with kept-alive connections: fetch() costs this client about five times
// the CPU per request, which on a shared 2-core machine is taken from the server.
function post(url, body, agent) {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST", agent,
      headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) },
    }, (response) => {
      const chunks = [];
      response.on("data", (c) => chunks.push(c));
      response.on("end", () => {
        try {
          resolve({ status: response.statusCode, data: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
        } catch (exc) {
          reject(exc);
        }
      });
    });
    request.on("error", reject);
    request.end(text);
  });
}

class Worker {
  constructor(p) {
    this.p = p;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: p.concurrency });
    this.delivery = []; this.ackMs = []; this.reveal = []; this.acked = [];
    this.errors = {}; this.sent = 0; this.closing = false;
  }

  error(what) {
    this.errors[what] = (this.errors[what] || 0) + 1;
  }

  async bounded(items, fn, what) {
    let next = 0;
    const one = async () => {
      while (next < items.length) {
        const item = items[next++];
        try {
          await fn(item);
        } catch (exc) {
          this.error(`${what}: ${String(exc.message || exc).slice(0, 80)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.p.concurrency, items.length) }, one));
  }

  async join(o) {
    const p = this.p;
    const n = p.first + o.index;
    const { status, data } = await post(o.url + "/api/v1/join", {
      join_code: p.join_code, name: `Cán bộ ${String(n).padStart(5, "0")}`,
      agency_id: p.agency_ids[n % p.agency_ids.length],
    }, this.agent);
    if (status !== 200) throw new Error(`join ${status}: ${data.error}`);
    o.token = data.participant_token;
    o.participantId = data.participant_id;
  }

  connect(o) {
    return new Promise((resolve, reject) => {
      const s = io(o.url + PLAY, {
        transports: ["websocket"], forceNew: true, reconnection: false, timeout: 60000,
        auth: { token: o.token }, perMessageDeflate: this.p.deflate ? { threshold: 1024 } : false,
      });
      o.socket = s;
      o.deadlines = new Map();
      o.finished = new Promise((done) => { o.done = () => { o.isDone = true; done(); }; });
      s.on("question", (q) => this.onQuestion(o, q));
      s.on("reveal", (r) => {
        const deadline = o.deadlines.get(r.question_id);
        if (deadline) this.reveal.push(nowMs() - deadline);
      });
      s.on("finished", () => o.done());
      s.once("connect", () => {
        s.on("disconnect", () => {
          if (!this.closing) { this.error("unexpected disconnect"); o.done(); }
        });
        resolve();
      });
      s.once("connect_error", (err) => {
        s.close();
        reject(new Error(`refused: ${JSON.stringify(err.data || err.message).slice(0, 60)}`));
      });
    });
  }

  onQuestion(o, q) {
    this.delivery.push(nowMs() - q.opens_ms);
    o.deadlines.set(q.question_id, q.deadline_ms);
    const at = q.opens_ms + this.p.answer_after_ms + Math.random() * this.p.burst_ms;
    const option = q.options[Math.floor(Math.random() * q.options.length)].id;
    sleep(at - nowMs()).then(() => this.call(o, "answer", { question_id: q.question_id, options: [option] }, q.question_id));
  }

  call(o, event, payload, key) {
    this.sent += 1;
    const t0 = nowMs();
    return new Promise((resolve) => {
      o.socket.timeout(this.p.ack_timeout_s * 1000).emit(event, payload, (err, ack) => {
        if (err) {
          this.error(`${event}: timeout`);
        } else {
          this.ackMs.push(nowMs() - t0);
          if (ack && (ack.ok || ack.attempt_id)) this.acked.push([o.participantId, key]);
          else this.error(`${event}: ${ack && ack.error}`);
        }
        resolve();
      });
    });
  }

  async startPaper(o, t0Ms) {
    await sleep(t0Ms + Math.random() * this.p.window_ms - nowMs());
    await this.call(o, "start_attempt", {}, 0);
    o.done();
  }

  async run() {
    const p = this.p;
    const officials = Array.from({ length: p.count }, (_, index) => (
      { index, url: p.urls[(p.first + index) % p.urls.length] }));
    tell("loaded", { cpu_seconds: cpuSeconds() });
    await receive();
    const t0 = nowMs();
    await this.bounded(officials, (o) => this.join(o), "join");
    const t1 = nowMs();
    const joined = officials.filter((o) => o.token);
    tell("joined", { joined: joined.length, cpu_seconds: cpuSeconds() });
    await receive();
    const t2 = nowMs();
    await this.bounded(joined, (o) => this.connect(o), "connect");
    const t3 = nowMs();
    const connected = joined.filter((o) => o.socket && o.socket.connected);
    tell("ready", { joined: joined.length, connected: connected.length, join_window: [t0, t1],
                    connect_window: [t2, t3], cpu_seconds: cpuSeconds() });
    const go = await receive();
    // how late this process's own loop runs while the round is played (bench/officials.py)
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    if (p.scenario === "selfpaced") connected.forEach((o) => this.startPaper(o, go.t0_ms));
    const timedOut = Symbol("timeout");
    const end = await Promise.race([Promise.all(connected.map((o) => o.finished)), sleep(p.timeout_s * 1000).then(() => timedOut)]);
    if (end === timedOut) {
      this.errors["timed out waiting for the end"] = connected.filter((o) => !o.isDone).length;
    }
    await sleep(200);
    this.closing = true;
    lag.disable();
    connected.forEach((o) => o.socket.close());
    await tell("done", {
      delivery: this.delivery, ack_ms: this.ackMs, reveal: this.reveal, acked: this.acked,
      errors: this.errors, sent: this.sent, cpu_seconds: cpuSeconds(),
      loop_lag_p99_ms: lateMs(lag.percentile(99)), loop_lag_max_ms: lateMs(lag.max),
      max_rss_mb: process.resourceUsage().maxRSS / 1024,
    });
  }
}

(async () => {
  const params = await receive();
  try {
    await new Worker(params).run();
  } catch (exc) {
    await tell("done", { fatal: `${exc.name}: ${exc.message}` });
  }
  lines.close();
  process.exit(0);
})();
