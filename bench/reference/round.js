// A live round held in memory only: what the contest server does for a live round,
// minus every durable write. The rules follow docs/protocol.md: the judging of an
// answer (bad_payload, not_open, late, invalid_option, already_answered), the
// points (fixed or speed), the ranking (score, then time, then join order).
"use strict";

const MAX_OPTIONS_PER_ANSWER = 6;

class ProtocolError extends Error {
  constructor(code, message) {
    super(message || code);
    this.code = code;
  }
}

function isInt(v) {
  return Number.isInteger(v);
}

function parseAnswer(payload) {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
    throw new ProtocolError("bad_payload", "Dữ liệu không hợp lệ: cần {question_id, options}.");
  }
  const { question_id: questionId, options } = payload;
  if (!isInt(questionId) || !Array.isArray(options) || options.length === 0
      || options.length > MAX_OPTIONS_PER_ANSWER || !options.every(isInt)
      || new Set(options).size !== options.length) {
    throw new ProtocolError("bad_payload", "Dữ liệu không hợp lệ: cần {question_id: số, options: [mã phương án…]}.");
  }
  return [questionId, [...options].sort((a, b) => a - b)];
}

function pointsFor(scoring, correct, timeMs, totalMs) {
  if (!correct) return 0;
  if (scoring !== "speed") return 1;
  return Math.round(1000 * (1 - Math.min(timeMs, totalMs) / (2 * totalMs)));
}

class LiveRound {
  constructor(id, contestId, joinCode, settings, questions) {
    this.id = id;
    this.contestId = contestId;
    this.joinCode = joinCode;
    this.secondsPerQuestion = settings.seconds_per_question ?? 20;
    this.advance = settings.advance ?? "host";
    this.revealSeconds = settings.reveal_seconds ?? 5;
    this.scoring = settings.scoring ?? "fixed";
    this.questions = questions;     // [{question_id, text, options: [[id, text]...], correct: Set, multiple}]
    this.status = "lobby";
    this.index = -1;
    this.opensMs = 0;
    this.deadlineMs = 0;
    this.participants = new Map();  // id -> {id, name, agencyId, joinedMs, score, timeMs}
    this.answers = new Map();       // `${participant}:${question}` -> stored answer
  }

  get question() {
    return this.index >= 0 && this.index < this.questions.length ? this.questions[this.index] : null;
  }

  publicQuestion() {
    const q = this.question;
    if (!q || (this.status !== "question" && this.status !== "reveal")) return null;
    return {
      question_id: q.question_id, index: this.index, total: this.questions.length, text: q.text,
      options: q.options.map(([id, text]) => ({ id, text })), multiple: q.multiple,
      opens_ms: this.opensMs, deadline_ms: this.deadlineMs,
    };
  }

  state() {
    return {
      round_id: this.id, status: this.status, mode: "live", paused: false, server_ms: Date.now(),
      question: this.publicQuestion(), total: this.questions.length,
    };
  }

  my(participantId, ranks) {
    const p = this.participants.get(participantId);
    const answered = [];
    for (const q of this.questions) {
      if (this.answers.has(`${participantId}:${q.question_id}`)) answered.push(q.question_id);
    }
    const open = this.status === "question" ? this.question : null;
    const pending = open ? (this.answers.get(`${participantId}:${open.question_id}`)?.points ?? 0) : 0;
    return { score: p.score - pending, answered, rank: ranks ? ranks.get(participantId) ?? null : null };
  }

  open(index, now) {
    this.index = index;
    this.status = "question";
    this.opensMs = now;
    this.deadlineMs = now + this.secondsPerQuestion * 1000;
  }

  judge(participantId, payload, now, graceMs) {
    const [questionId, options] = parseAnswer(payload);
    const q = this.question;
    if (!q || q.question_id !== questionId) {
      const past = this.questions.slice(0, Math.max(this.index, 0)).some((x) => x.question_id === questionId);
      throw new ProtocolError(past ? "late" : "not_open");
    }
    if (this.status === "reveal" || now > this.deadlineMs + graceMs) throw new ProtocolError("late");
    if (this.status !== "question" || now < this.opensMs) throw new ProtocolError("not_open");
    const valid = new Set(q.options.map(([id]) => id));
    if (!options.every((o) => valid.has(o)) || (!q.multiple && options.length !== 1)) {
      throw new ProtocolError("invalid_option");
    }
    const key = `${participantId}:${questionId}`;
    if (this.answers.has(key)) throw new ProtocolError("already_answered");
    const totalMs = this.deadlineMs - this.opensMs;
    const timeMs = Math.min(Math.max(now - this.opensMs, 0), totalMs);
    const correct = options.length === q.correct.size && options.every((o) => q.correct.has(o));
    const points = pointsFor(this.scoring, correct, timeMs, totalMs);
    this.answers.set(key, {
      participant_id: participantId, question_id: questionId, options, received_ms: now,
      time_ms: timeMs, correct, points, attempt: null,
    });
    const p = this.participants.get(participantId);
    p.score += points;
    if (correct) p.timeMs += timeMs;
    return { ok: true, received_ms: now };
  }

  ranks() {
    const order = [...this.participants.values()].sort((a, b) =>
      b.score - a.score || a.timeMs - b.timeMs || a.joinedMs - b.joinedMs || a.id - b.id);
    return new Map(order.map((p, i) => [p.id, i + 1]));
  }

  revealFor(participantId, ranks) {
    const a = this.answers.get(`${participantId}:${this.question.question_id}`);
    const p = this.participants.get(participantId);
    return { correct: a ? a.correct : false, points: a ? a.points : 0, score: p.score, rank: ranks.get(participantId) };
  }

  answeredCurrent() {
    const q = this.question;
    if (!q) return 0;
    let n = 0;
    for (const a of this.answers.values()) if (a.question_id === q.question_id) n += 1;
    return n;
  }
}

module.exports = { LiveRound, ProtocolError };
