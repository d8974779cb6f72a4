// Judging: the classes, the severities and the quirks that excuse, each rule with a pair of views that shows it.
import { describe, expect, it } from 'vitest';
import { compareTargets, compareViews } from '../../src/fuzz/compare.js';
import type { MessageView, View } from '../../src/fuzz/finding.js';
import { NO_QUIRKS, profileFromViews, type QuirkProfile } from '../../src/fuzz/quirks.js';

const echo = (over: Partial<NonNullable<MessageView['echo']>> = {}): NonNullable<MessageView['echo']> => ({
  method: 'GET', target: '/', version: '1.1', headers: [['Host', 'a']], body: '', ...over,
});
const ok = (e = echo()): MessageView => ({ status: 200, accepted: true, interim: [], echo: e });
const refused = (status = 400): MessageView => ({ status, accepted: false, interim: [] });
const view = (messages: MessageView[], end: View['end'] = 'open', extra: Partial<View> = {}): View => ({ messages, end, leftover: 0, ...extra });
const quirks = (...q: QuirkProfile['quirks']): QuirkProfile => ({ ...NO_QUIRKS, quirks: q });

describe('compareViews: classes', () => {
  it('agrees with itself', () => {
    expect(compareViews(view([ok(), ok()]), view([ok(), ok()]))).toBeNull();
  });

  it('a different body is framing, meaningful (the bytes after the head were delimited differently, RFC 9112 §6.3)', () => {
    const d = compareViews(view([ok(echo({ body: 'abc' }))]), view([ok(echo({ body: 'ab' }))]));
    expect(d).toMatchObject({ class: 'framing', severity: 'meaningful', kind: 'body' });
  });

  it('accepting a message the reference is still waiting for the rest of is framing', () => {
    const d = compareViews(view([ok()], 'open'), view([ok(), ok()], 'open'));
    expect(d).toMatchObject({ class: 'framing', severity: 'meaningful', kind: 'count+' });
  });

  it('an answer after the reference closed (a smuggled request answered) is framing', () => {
    const d = compareViews(view([ok()], 'closed'), view([ok(), ok()], 'open'));
    expect(d).toMatchObject({ class: 'framing', kind: 'count+' });
  });

  it('accepting what the reference refuses is accept-reject, meaningful', () => {
    const d = compareViews(view([refused()], 'closed'), view([ok()], 'open'), NO_QUIRKS, NO_QUIRKS, { referenceError: 'BARE_LF' });
    expect(d).toMatchObject({ class: 'accept-reject', severity: 'meaningful', kind: 'accepts-refused' });
    expect(d!.reasons[0]).toContain('BARE_LF');
  });

  it('accepting a refused message and then answering more messages than the reference is framing (the smuggling shape)', () => {
    const d = compareViews(view([refused()], 'closed'), view([ok(), ok()], 'open'), NO_QUIRKS, NO_QUIRKS, { referenceError: 'CONFLICTING_CONTENT_LENGTH' });
    expect(d).toMatchObject({ class: 'framing', severity: 'meaningful', kind: 'accepts-refused+more' });
  });

  it('refusing what the reference accepts is accept-reject, permitted', () => {
    expect(compareViews(view([ok()]), view([refused()], 'closed'))).toMatchObject({ class: 'accept-reject', severity: 'permitted' });
  });

  it('every refusal is the same answer: 400 against 501 is no difference, and so is silence against a refusal', () => {
    expect(compareViews(view([refused(400)], 'closed'), view([refused(501)], 'closed'))).toBeNull();
    expect(compareViews(view([refused(400)], 'closed'), view([], 'closed'))).toBeNull();
    expect(compareViews(view([refused(400)], 'closed'), view([], 'reset'))).toBeNull();
  });

  it('a different field set or target is interpretation, meaningful', () => {
    const d = compareViews(view([ok()]), view([ok(echo({ headers: [['Host', 'b']] }))]));
    expect(d).toMatchObject({ class: 'interpretation', severity: 'meaningful', kind: 'headers' });
    expect(compareViews(view([ok()]), view([ok(echo({ target: '/x' }))]))).toMatchObject({ class: 'interpretation', kind: 'target' });
  });

  it('a field list split over two lines equals the same list on one line (RFC 9110 §5.3)', () => {
    const one = ok(echo({ headers: [['Host', 'a'], ['X', 'a, b']] }));
    const two = ok(echo({ headers: [['host', 'a'], ['x', 'a'], ['x', 'b']] }));
    expect(compareViews(view([one]), view([two]))).toBeNull();
  });

  it('keeping open a connection the reference closes after an accepted message is connection, meaningful (RFC 9112 §9.6)', () => {
    expect(compareViews(view([ok()], 'closed'), view([ok()], 'open'))).toMatchObject({ class: 'connection', severity: 'meaningful', kind: 'open-vs-closed' });
  });

  it('closing where the reference keeps the connection open is connection, permitted', () => {
    expect(compareViews(view([ok()], 'open'), view([ok()], 'closed'))).toMatchObject({ class: 'connection', severity: 'permitted' });
  });

  it('waiting where the reference answered is framing; not serving afterwards is crash-hang', () => {
    expect(compareViews(view([ok()]), view([], 'hang'))).toMatchObject({ class: 'framing', kind: 'count-' });
    expect(compareViews(view([ok()]), view([], 'crash'))).toMatchObject({ class: 'crash-hang', severity: 'meaningful', kind: 'crash' });
  });

  it('a response the strict response parser cannot read (a body sent to HEAD) is framing on the response side, meaningful', () => {
    expect(compareViews(view([ok()]), view([ok()], 'open', { malformed: 'INVALID_STATUS_LINE' }))).toMatchObject({ class: 'framing', severity: 'meaningful', kind: 'malformed-response' });
  });

  it('an HTTP/2 answer to the HTTP/2 preface is excused for a target that speaks HTTP/2 (allows-http-2)', () => {
    const h2 = view([], 'closed', { nonHttp: true });
    expect(compareViews(view([refused()], 'closed'), h2, NO_QUIRKS, quirks('allows-http-2'), { http2Preface: true })).toMatchObject({ severity: 'excused', quirks: ['allows-http-2'] });
    expect(compareViews(view([refused()], 'closed'), h2, NO_QUIRKS, quirks('allows-http-2'))).toMatchObject({ severity: 'meaningful' });
  });

  it('refusing the first bytes of a message the reference is still reading is only stricter: permitted', () => {
    expect(compareViews(view([], 'open'), view([refused()], 'closed'))).toMatchObject({ class: 'accept-reject', severity: 'permitted', kind: 'refused-early' });
  });

  it('a status other than the reference\'s, both accepting, is status, permitted', () => {
    expect(compareViews(view([ok()]), view([{ ...ok(), status: 404 }]))).toMatchObject({ class: 'status', severity: 'permitted' });
  });

  it('without an echo on either side, only status, count and connection are compared', () => {
    const noEcho: QuirkProfile = { ...NO_QUIRKS, echoes: false };
    expect(compareViews(view([ok(echo({ body: 'x' }))]), view([{ status: 200, accepted: true, interim: [] }]), NO_QUIRKS, noEcho)).toBeNull();
  });
});

describe('compareViews: quirks excuse, and say so', () => {
  it('accepting a request without Host is excused for a target that allows it', () => {
    const d = compareViews(view([refused()], 'closed'), view([ok()]), NO_QUIRKS, quirks('allows-missing-host-header'), { referenceError: 'MISSING_HOST' });
    expect(d).toMatchObject({ severity: 'excused', quirks: ['allows-missing-host-header'] });
    // The quirk excuses only what it is about: another refusal accepted is still meaningful.
    expect(compareViews(view([refused()], 'closed'), view([ok()]), NO_QUIRKS, quirks('allows-missing-host-header'), { referenceError: 'BARE_LF' })).toMatchObject({ severity: 'meaningful' });
  });

  it('a 411 to a POST without a length is excused for requires-length-in-post', () => {
    const post = ok(echo({ method: 'POST' }));
    expect(compareViews(view([post]), view([refused(411)], 'closed'), NO_QUIRKS, quirks('requires-length-in-post'))).toMatchObject({ severity: 'excused', quirks: ['requires-length-in-post'] });
  });

  it('an unusual method refused by a method whitelist is excused', () => {
    const odd = ok(echo({ method: 'FROB' }));
    expect(compareViews(view([odd]), view([refused(405)], 'closed'), NO_QUIRKS, quirks('method-whitelist'))).toMatchObject({ severity: 'excused', quirks: ['method-whitelist'] });
    expect(compareViews(view([ok()]), view([refused(405)], 'closed'), NO_QUIRKS, quirks('method-whitelist'))).toMatchObject({ severity: 'permitted' });
  });

  it('CONNECT refused by a server that is not a proxy is excused (connect-unsupported)', () => {
    const connect = ok(echo({ method: 'CONNECT', target: 'a:80' }));
    expect(compareViews(view([connect]), view([refused(501)], 'closed'), NO_QUIRKS, quirks('connect-unsupported'))).toMatchObject({ severity: 'excused', quirks: ['connect-unsupported'] });
    expect(compareViews(view([connect]), view([refused(501)], 'closed'))).toMatchObject({ severity: 'permitted' });
  });

  it('a 417 to an unknown expectation is excused for refuses-unknown-expect (RFC 9110 §10.1.1 MAY)', () => {
    expect(compareViews(view([ok()]), view([refused(417)], 'closed'), NO_QUIRKS, quirks('refuses-unknown-expect'))).toMatchObject({ severity: 'excused' });
  });

  it('a header the target adds to its echo is dropped before comparing (added-headers)', () => {
    const profile = profileFromViews({ plain: view([ok(echo({ headers: [['Host', 'q'], ['X-Quirk-One', 'a'], ['X-Quirk-Two', 'b, c'], ['Connection', 'keep-alive'], ['X-Added', '1']] }))]) });
    expect(profile.quirks).toContain('added-headers');
    expect(profile.addedHeaders).toEqual(['x-added']);
    const mine = ok(echo({ headers: [['Host', 'a'], ['X-Added', '1']] }));
    expect(compareViews(view([ok()]), view([mine]), NO_QUIRKS, profile)).toBeNull();
  });

  it('closing after every response is excused for doesnt-support-persistence', () => {
    const d = compareViews(view([ok(), ok()]), view([ok()], 'closed'), NO_QUIRKS, quirks('doesnt-support-persistence'));
    expect(d).toMatchObject({ severity: 'excused', quirks: ['doesnt-support-persistence'] });
  });
});

describe('compareTargets', () => {
  it('ranks by each target\'s difference from the reference: one meaningfully wrong makes the pair meaningful', () => {
    const reference = view([refused()], 'closed');
    const d = compareTargets(reference, view([ok()]), view([refused()], 'closed'), NO_QUIRKS, NO_QUIRKS);
    expect(d).toMatchObject({ class: 'accept-reject', severity: 'meaningful' });
  });

  it('two outcomes the RFC permits make a permitted difference', () => {
    const reference = view([ok()], 'open');
    const d = compareTargets(reference, view([ok()], 'open'), view([ok()], 'closed'), NO_QUIRKS, NO_QUIRKS);
    expect(d).toMatchObject({ class: 'connection', severity: 'permitted' });
  });
});

describe('profileFromViews', () => {
  it('reads each quirk from its probe', () => {
    const plain = view([ok(echo({ headers: [['HOST', 'q'], ['X_QUIRK_ONE', 'a'], ['X_QUIRK_TWO', 'b,c'], ['CONNECTION', 'keep-alive']] }))]);
    const p = profileFromViews({
      plain,
      http09: view([], 'closed', { nonHttp: true }),
      noHost: view([ok()]),
      postNoLength: view([refused(411)], 'closed'),
      oddMethod: view([refused(405)], 'closed'),
      methodChars: view([refused(400)], 'closed'),
      http10: view([ok()], 'closed'),
      connect: view([refused(501)], 'closed'),
      pipeline: view([ok()], 'closed'),
    });
    expect(p.quirks).toEqual([
      'allows-http-0-9', 'allows-missing-host-header', 'requires-length-in-post', 'method-whitelist', 'method-character-blacklist',
      'header-name-translation', 'joins-duplicate-headers', 'doesnt-support-persistence', 'connect-unsupported',
    ]);
    expect(p.echoes).toBe(true);
  });

  it('a target without an echo is profiled as not echoing', () => {
    expect(profileFromViews({ plain: view([{ status: 200, accepted: true, interim: [] }]) }).echoes).toBe(false);
  });
});

describe('Lanes', () => {
  it('lets the most important waiter go first, then the earliest', async () => {
    const { Lanes } = await import('../../src/fuzz/target.js');
    const lanes = new Lanes(1);
    await lanes.acquire();
    const order: string[] = [];
    const wait = (name: string, priority: number) => lanes.acquire(priority).then(() => { order.push(name); lanes.release(); });
    const all = [wait('permitted-1', 10), wait('framing', 0), wait('permitted-2', 10), wait('accept', 1)];
    lanes.release();
    await Promise.all(all);
    expect(order).toEqual(['framing', 'accept', 'permitted-1', 'permitted-2']);
  });
});
