/**
 * New `[name, value, …]` field lists with storage for three field lines, for the lists a parser reads a head
 * into and a handler sets its response's fields in: most have one to three lines (wrk's Host; Host and Connection,
 * as the probe, the fuzzer and health checks send; curl's Host, User-Agent and Accept; a handler's Content-Type).
 *
 * V8 gives an empty array storage on its first push — room for 19 elements, ~170 bytes on a 64-bit Node — so an
 * empty literal filled with one field line costs 200 bytes. A literal of six elements has storage for six, and
 * popping them leaves that storage in place (V8 trims an array's storage only when more than 16 slots would be
 * free): 96 bytes. A fourth line grows it as any array grows, to room for 25 elements, which a browser's twelve
 * lines fit (an empty literal grows twice for them). Measured on Node 20. Which way V8 goes never changes what a
 * list holds, only what it costs.
 *
 * @module
 */

/** A new, empty list with storage for three field lines (see the module). */
export function newFieldList(): string[] {
  const list = ['', '', '', '', '', ''];
  list.pop();
  list.pop();
  list.pop();
  list.pop();
  list.pop();
  list.pop();
  return list;
}
