/**
 * h1ref's catalogue of discrepancy classes: every kind of input on which two HTTP/1.1 implementations are known
 * to read one message two ways (or one reads it where the RFC says to refuse), numbered, titled and described in
 * a line. The conformance suite's cases name the classes they cover (`SpecCase.catalogue`), the fuzzer's operator
 * table maps each request-side class to an operator variant (`src/fuzz/catalogue.ts`), and `docs/catalogue.md` is
 * generated from this table with both kinds of coverage beside each class.
 *
 * The numbers and sections are those the suite and the fuzzer have used from the start (they came from the
 * team's survey of HTTP testing tools, whose flat list of classes was the starting point); the titles and
 * descriptions are ours. A number is never reused: a class that turns out to be wrong stays, described as such.
 *
 * @module
 */

/** A section of the catalogue: `3.1` (request line) to `3.12` (benign quirks). */
export type DiscrepancySectionId = '3.1' | '3.2' | '3.3' | '3.4' | '3.5' | '3.6' | '3.7' | '3.8' | '3.9' | '3.10' | '3.11' | '3.12';

/** A section of the catalogue: a kind of discrepancy, and the classes numbered in it. */
export interface DiscrepancySection {
  /** Its number. */
  readonly id: DiscrepancySectionId;
  /** A few words: `Request line`. */
  readonly title: string;
  /** What its classes have in common, in a sentence or two. */
  readonly description: string;
  /** Its first class's id. */
  readonly first: number;
  /** Its last class's id (every id from `first` to `last` is a class of the section). */
  readonly last: number;
}

/** One discrepancy class. */
export interface DiscrepancyClass {
  /** Its number, unique across the catalogue; cases and operators refer to it. */
  readonly id: number;
  /** The section it belongs to. */
  readonly section: DiscrepancySectionId;
  /** A few words. */
  readonly title: string;
  /** One line: the input, and what goes wrong or must not. */
  readonly description: string;
  /** True when the input is valid HTTP/1.1 that a recipient must take (a refusal is the discrepancy). */
  readonly valid: boolean;
  /**
   * For a benign quirk (§3.12): its key in the quirk profiles (`allows-http-0-9`, the names HTTP Garden uses and
   * `src/fuzz/quirks.ts` follows), whether or not the fuzzer profiles it yet; null for every other class.
   */
  readonly quirk: string | null;
}

type Extra = { readonly valid?: true; readonly quirk?: string };
type Row = readonly [id: number, title: string, description: string, extra?: Extra];
interface SectionRows {
  readonly id: DiscrepancySectionId;
  readonly title: string;
  readonly description: string;
  readonly rows: readonly Row[];
}

const VALID: Extra = { valid: true };

const SECTIONS: readonly SectionRows[] = [
  {
    id: '3.1',
    title: 'Request line',
    description: 'How the method, the request-target and the version are delimited, spelled and bounded, and what may come before the request line.',
    rows: [
      [1, 'Repeated spaces between parts', 'Two or more SP between method, target and version: a recipient that splits on runs of whitespace reads what a strict one refuses.'],
      [2, 'HTAB as the separator', 'A tab where the request line needs a single SP; some parsers treat any whitespace as a separator.'],
      [3, 'Request line ended by bare LF', 'The request line ends in LF without CR; readers differ on whether that is a line end.'],
      [4, 'Request line ended by bare CR', 'A lone CR ends the request line; a recipient that accepts it sees a line where others see one long line.'],
      [5, 'LF used as the second separator', 'An LF sits between target and version, so one reader sees a version-less line and another a complete one.'],
      [6, 'No request-target', 'Nothing between the two spaces: the target is empty.'],
      [7, 'Parts run together', 'Method, target and version with no spaces at all; a lenient reader may still pull a request out of it.'],
      [8, 'No version (HTTP/0.9 shape)', 'A line without a version; a server that falls back to HTTP/0.9 takes the field lines that follow as body.'],
      [9, 'Space inside the target', 'A space splits the target, so the line has four parts; readers pick different ones as target and version.'],
      [10, 'Fragment in the target', 'The target carries a #fragment, which a client never sends; recipients strip, keep or refuse it.'],
      [11, 'Target in no valid form', 'The target is none of origin, absolute, authority or asterisk form, and is taken anyway.'],
      [12, 'Control bytes in path or query', 'CTLs or other bytes outside the URI grammar inside the target.'],
      [13, 'NUL in the target', 'A NUL byte inside the target; C-string handling may cut the target there.'],
      [14, 'Raw non-ASCII in the target', 'Unencoded UTF-8 or other high bytes in the path.'],
      [15, 'Overlong encoding of a slash', 'The two-byte overlong form of "/" in the path, which a lax decoder turns into a path separator.'],
      [16, 'Percent-encoded NUL', '"%00" in the path, harmless as syntax but dangerous to a recipient that decodes it early.'],
      [17, 'Percent-encoded CR LF', '"%0d%0a" in the path; a recipient that decodes before parsing splits the message there.'],
      [18, 'Backslash in the path', 'A backslash that some servers normalise to "/" and others keep, so routing differs.'],
      [19, 'Asterisk form with another method', 'The "*" target belongs to OPTIONS only; with any other method it should be refused.'],
      [20, 'OPTIONS with the asterisk form', 'A valid server-wide OPTIONS request that a recipient must parse.', VALID],
      [21, 'Absolute form', 'A target in absolute form that a server must accept even when it is not a proxy.', VALID],
      [22, 'Absolute form disagreeing with Host', 'The authority in an absolute-form target differs from Host; a server must use the target\'s, a proxy chain may not.'],
      [23, 'Absolute form with an odd scheme', 'A foreign, empty or malformed scheme, or odd bytes around the scheme and host, in an absolute-form target.'],
      [24, 'Very long target', 'A target far beyond any usual limit, to be refused with 414 rather than crash or be cut.'],
      [25, 'Long but acceptable request line', 'A request line of about 8000 octets, the length every recipient is advised to support.', VALID],
      [26, 'Method read by its longest prefix', 'A method followed by junk that a prefix-matching parser still reads as the known method.'],
      [27, 'Method and version unchecked', 'Bytes that are neither a token method nor a version, accepted as if they were.'],
      [28, 'Lower-case method', 'Methods are case-sensitive: "get" is not GET, and a recipient that folds case reads another request.'],
      [29, 'Mixed-case method', 'A method in alternating case, read as the upper-case method by case-folding recipients.'],
      [30, 'Unknown method', 'A well-formed method no server implements, to be answered 501 (or 405), not parsed as something else.'],
      [31, 'Space inside the method', 'A space splits the method, shifting every later part of the line.'],
      [32, 'Delimiters inside the method', 'Characters outside tchar, such as brackets, in the middle of the method.'],
      [33, 'Unusual token characters in the method', 'A method holding legal but rarely seen tchars; some servers keep a narrower list of method characters.'],
      [34, 'Method starting with a digit', 'A token method that begins with a digit, legal by the grammar, refused by servers that want letters.'],
      [35, 'Very long method', 'A method tens of kilobytes long, to be refused without exhausting memory.'],
      [36, 'Method changed to skip the body', 'A request turned into GET, HEAD or OPTIONS so that hops disagree on whether it has a body.'],
      [37, 'Method changed to POST', 'A request turned into POST, or a method override, so that body handling changes between hops.'],
      [38, 'Version read by its longest prefix', 'Extra digits after the version that a prefix-matching parser ignores.'],
      [39, 'Version unchecked', 'A version holding bytes such as CR that a lax parser skips over.'],
      [40, 'Version number overflow', 'Version digits so large that they wrap to 1.1 in a fixed-width integer.'],
      [41, 'Lower-case protocol name', 'The "HTTP" name is case-sensitive; "http/1.1" is not a valid version.'],
      [42, 'Version without a minor digit', '"HTTP/1": the grammar needs both digits.'],
      [43, 'Version with leading zeros', 'Zero-padded digits that a numeric reader takes as 1.1 and the grammar does not allow.'],
      [44, 'Space inside the version', 'Whitespace between "HTTP/" and the digits.'],
      [45, 'Malformed version', 'Signs, commas, letters, misspellings, reversal or endless digits where the version belongs.'],
      [46, 'Higher minor version', 'HTTP/1.2 must be handled as the highest 1.x the server supports.', VALID],
      [47, 'Major version 2 or more on an HTTP/1 line', 'A request line claiming HTTP/2.0 or later; recipients answer 505, 400 or carry on as 1.1.'],
      [48, 'Invalid version in general', 'A version that does not parse at all, to be refused with 400 or 505.'],
      [49, 'HTTP/2 preface to an HTTP/1.1 server', 'The HTTP/2 connection preface sent to a server that only speaks HTTP/1.1.'],
      [50, 'Empty lines before the request', 'CRLF before the request line, which a server may skip; what it does must not desynchronise the stream.'],
      [51, 'Whitespace-only request line', 'A line of spaces or tabs where the request line belongs.'],
      [52, 'Binary garbage', 'Bytes that are not HTTP at all, to be refused without harm.'],
      [53, 'Empty connection', 'A connection that is opened and closed without a byte.'],
      [54, 'Incomplete request', 'The connection ends before the head\'s empty line; nothing must be acted on.'],
      [55, 'Junk before the request line', 'An invalid line before the request line, which a lenient reader skips.'],
      [56, 'Downgrade to HTTP/1.0', 'Any of the other classes sent as HTTP/1.0, where defaults for persistence and framing differ.'],
      [57, 'Byte edits in request-line parts', 'One byte inserted, deleted or replaced in the method, a separator, the target, the version or the line end.'],
      [58, 'Request-line parts moved', 'Request-line parts swapped, repeated or dropped (two targets, no version).'],
    ],
  },
  {
    id: '3.2',
    title: 'Field-line syntax',
    description: 'Field names, the colon, line folding and line endings in the header section: where one reader ends a field or a head and another does not.',
    rows: [
      [59, 'Space before the colon', 'SP between a field name and its colon; a recipient that strips it reads a framing field that a strict one refuses.'],
      [60, 'HTAB before the colon', 'A tab between the field name and its colon.'],
      [61, 'Control byte before the colon', 'A CTL between the field name and its colon, stripped or kept depending on the reader.'],
      [62, 'NEL before the colon', 'The byte 0x85 after a field name, which Unicode-aware trimming removes.'],
      [63, 'NBSP before the colon', 'The byte 0xA0 after a field name, which Unicode-aware trimming removes.'],
      [64, 'Soft hyphen before the colon', 'The byte 0xAD after a field name.'],
      [65, 'Other high byte before the colon', 'Any byte above 0x7F between the name and the colon.'],
      [66, 'Odd byte before the colon of a repeated length', 'A delimiter after one of two Content-Length names, so hops count one or two length fields.'],
      [67, 'Whitespace before the first field line', 'The first field line starts with SP or HTAB; a recipient must refuse it or ignore that line.'],
      [68, 'Space-led line after a field', 'A field line starting with SP, an obsolete fold of the previous field, hiding a framing field from some readers.'],
      [69, 'Tab-led line after a field', 'The same fold, led by HTAB.'],
      [70, 'Junk field, then a space-led field', 'A junk field line followed by a space-led real field, which folds into the junk for some readers only.'],
      [71, 'Control or high byte before a field name', 'A field line that starts with a CTL or a byte above 0x7F.'],
      [72, 'Obsolete line folding', 'A field value continued on a folded line: a server must refuse it or replace the fold with SP.'],
      [73, 'Fold straight after the colon', 'A fold right after the colon, so the value lives entirely on the continuation line.'],
      [74, 'Doubled folds', 'Folds around a line of only whitespace inside a value.'],
      [75, 'Value on a tab-led continuation', 'The whole value moved to an HTAB continuation line.'],
      [76, 'Vertical tab after a line end', 'LF and VT after the value, resembling a fold to some readers.'],
      [77, 'Junk field continued by the real one', 'An empty junk field whose continuation line is the real field line.'],
      [78, 'LF and space before the colon', 'A line end and a space between a field name and its colon.'],
      [79, 'Field name broken across lines', 'A line end in the middle of a field name.'],
      [80, 'Field line without a colon', 'Name and value separated by a space only; a lenient reader splits it into a field anyway.'],
      [81, 'Colon-less line passed on by a proxy', 'A line with no colon that a proxy forwards untouched to a server that may read it differently.'],
      [82, 'Empty field name', 'A field line that starts with the colon.'],
      [83, 'Line that is only a colon', 'A field line holding nothing but a colon, which ends the head early for some readers.'],
      [84, 'Delimiter or control byte in a field name', 'Characters outside tchar, such as SP, delimiters or CTLs, inside a field name.'],
      [85, 'Non-ASCII field name', 'UTF-8 or other high bytes inside a field name.'],
      [86, 'High byte replacing a letter of a framing name', 'One letter of Transfer-Encoding replaced by a byte above 0x7F, which some readers fold back to the letter.'],
      [87, 'Invalid name forwarded by a proxy', 'A field name with a forbidden byte that a proxy passes on instead of refusing.'],
      [88, 'Underscore for hyphen', 'Transfer_Encoding or Content_Length, which recipients that map "_" to "-" read as the real field.'],
      [89, 'Space for hyphen', 'A space where the hyphen of a framing field name belongs.'],
      [90, 'Backslash for hyphen', 'A backslash where the hyphen of a framing field name belongs.'],
      [91, 'Soft hyphen for hyphen', 'The byte 0xAD where the hyphen of a framing field name belongs.'],
      [92, 'Percent-encoded field name', 'A letter of a field name percent-encoded, which a decoding recipient restores.'],
      [93, 'HTAB inside a field name', 'A tab in the middle of a field name.'],
      [94, 'Junk token before the colon', 'A word between the field name and its colon.'],
      [95, 'Space-separated junk before the colon', 'Junk after a space between the field name and its colon.'],
      [96, 'Field name in another case', 'Field names are case-insensitive: upper, lower or mixed case must all name the same field.', VALID],
      [97, 'Field line ended by bare CR', 'A lone CR ends a field line, so one reader sees two fields and another one.'],
      [98, 'Field line ended by bare LF', 'A field line ended by LF without CR.'],
      [99, 'Head with bare LF forwarded as is', 'A head whose lines all end in LF, passed on by a proxy without turning them into CRLF.'],
      [100, 'CR inside a field name', 'A CR in the middle of a field name.'],
      [101, 'One byte in place of a line end', 'A single byte joins two field lines, so a framing field hides inside the value of the one before.'],
      [102, 'CR and a byte in place of a line end', 'CR followed by a byte other than LF between two field lines.'],
      [103, 'A byte before LF', 'A byte then LF between field lines, which some readers take as a line end.'],
      [104, 'Framing line joined to the next by a byte', 'A byte after a framing field\'s value joins it to the following line.'],
      [105, 'Framing line followed by CR and a byte', 'CR and a byte other than LF after a framing field\'s value.'],
      [106, 'Framing line followed by a byte and LF', 'A byte and LF after a framing field\'s value.'],
      [107, 'Head ended by CR and another byte', 'The empty line at the end of the head replaced by CR and a byte other than LF.'],
      [108, 'CR-only line after a field', 'A line of a lone CR after a field line, an end of head for some readers.'],
      [109, 'Two LFs end the head early', 'LF LF inside the head ends it for LF-tolerant readers, so the rest becomes body or the next request.'],
      [110, 'Early head end before the framing field', 'The same early end placed just before Transfer-Encoding or Content-Length.'],
      [111, 'CRLF and LF mixed between lines', 'Line ends alternating between CRLF and LF, read as an empty line by some.'],
      [112, 'Very long field value', 'A value tens of kilobytes long, to be refused with 431 (or 400) rather than truncated.'],
      [113, 'Very long field name', 'A field name tens of kilobytes long, to be refused with 431 or 400.'],
      [114, 'Very many field lines', 'Thousands of field lines, to be refused with 431 rather than stored.'],
      [115, 'Invalid line just before a framing field', 'A malformed field line right before Content-Length, which some readers skip and others stop at.'],
    ],
  },
  {
    id: '3.3',
    title: 'Field values',
    description: 'What may stand in a field value and around it: forbidden bytes, whitespace that is not OWS, quoting and repetition.',
    rows: [
      [116, 'NUL, CR or LF inside a value', 'A value holding NUL, CR or LF, which the grammar forbids: a recipient must refuse the message or replace each with SP.'],
      [117, 'Value cut at NUL', 'A recipient that stops reading a value at NUL sees a shorter value, enough to get past a check.'],
      [118, 'NUL stripped from the end of a value', 'A trailing NUL removed silently, so the value compares equal to another.'],
      [119, 'NUL forwarded by a proxy', 'A NUL inside a value (Host among them) passed on by a proxy.'],
      [120, 'NUL-led line joined to the field before', 'A line after a field line starting with NUL or LF, appended to the previous value by some readers.'],
      [121, 'Bare CR inside a value', 'A lone CR in a value: a recipient must refuse it or replace it with SP before going on.'],
      [122, 'Bare CR forwarded by a proxy', 'A lone CR inside a value passed on by a proxy to a server that may end the line there.'],
      [123, 'Other control bytes in a value', 'CTLs other than HTAB inside a value.'],
      [124, 'NBSP or NEL trimmed from both ends', 'Unicode-aware trimming removes 0xA0 and 0x85 around a value, turning a harmless value into "chunked".'],
      [125, 'NBSP or NEL trimmed except from some fields', 'The same trimming applied to some fields and not others.'],
      [126, 'High bytes trimmed from value ends', 'Any byte above 0x7F removed from both ends of a value.'],
      [127, 'VT and FF trimmed before a value', 'Vertical tab, form feed and other whitespace that is not OWS removed before a value, even across a line end.'],
      [128, 'VT, FF or a CTL as whitespace after the colon', 'A control byte where OWS may go, before the value.'],
      [129, 'High byte as whitespace after the colon', 'The byte 0xFF or 0xA0 where OWS may go.'],
      [130, 'No space after the colon', 'OWS is optional: a value straight after the colon is valid.', VALID],
      [131, 'Two spaces after the colon', 'Longer OWS is valid and is not part of the value.', VALID],
      [132, 'HTAB after the colon', 'HTAB is OWS and is not part of the value.', VALID],
      [133, 'CR after the value', 'A CR before the line\'s CR LF, kept in the value by some readers and dropped by others.'],
      [134, 'HTAB after the value', 'Trailing HTAB is OWS and is not part of the value.', VALID],
      [135, 'Control or high byte after the value', 'A CTL or a byte above 0x7F at the end of a value, trimmed by some readers.'],
      [136, 'Odd byte before the value', 'A special byte between the colon\'s OWS and the value.'],
      [137, 'Odd byte straight after the colon', 'No OWS, and a special byte before the value.'],
      [138, 'Value as an RFC 2047 encoded-word', 'A value written as a MIME encoded-word that a decoding recipient turns into "chunked".'],
      [139, 'Value in double quotes', 'A framing value in double quotes, unquoted by some readers.'],
      [140, 'Value in single quotes', 'A framing value in apostrophes, which are not quotes in HTTP.'],
      [141, 'Empty value', 'A field with an empty value is valid.', VALID],
      [142, 'Repeated field joined differently', 'A non-list field sent twice, joined with a comma, a comma and space, or nothing, depending on the recipient.'],
      [143, 'Two Content-Type lines', 'Two Content-Type fields with different values, where only one can be right.'],
      [144, 'Fields added, removed or replaced by a hop', 'A server or proxy that adds, drops or rewrites fields; benign, but a comparison must expect it.'],
    ],
  },
  {
    id: '3.4',
    title: 'Content-Length',
    description: 'The length field\'s syntax, repetition and meaning, and bodies whose length the hops count differently.',
    rows: [
      [145, 'Two lengths, first one used', 'Content-Length twice with different values, accepted and the first taken.'],
      [146, 'Two lengths, last one used', 'Content-Length twice with different values, accepted and the last taken.'],
      [147, 'Two lengths forwarded by a proxy', 'Repeated Content-Length passed on by a proxy that used the last.'],
      [148, 'Two differing lengths', 'Content-Length twice with different values: a server must refuse the message.'],
      [149, 'Length list of equal values', 'A list such as "5, 5" that a recipient may take as 5 or refuse.'],
      [150, 'Length list of different values', 'A list such as "0, 5", which must be refused.'],
      [151, 'Plus sign in the length', 'A leading "+", which a number parser accepts and the grammar does not.'],
      [152, 'Negative length', 'A leading "-", accepted by signed number parsers.'],
      [153, 'Negative length looping forever', 'A negative length that sends a server into a loop that never ends.'],
      [154, 'Negative length that overflows', 'A negative length beyond the integer range.'],
      [155, 'Minus zero', 'The length "-0".'],
      [156, 'Underscore between digits', 'A length such as "1_0", accepted by number parsers that allow digit separators.'],
      [157, 'Hexadecimal length', 'A "0x" prefix, read as hexadecimal by parsers that guess the base.'],
      [158, 'Hexadecimal length forwarded unchecked', 'A "0x" length passed on by a proxy without looking at the body.'],
      [159, 'Octal-prefixed length', 'A "0o" prefix.'],
      [160, 'Leading zero read as octal', 'A length such as "010" that a base-guessing parser reads as eight.'],
      [161, 'Leading zeros', 'Leading zeros are allowed by the grammar; recipients must read the value as decimal.', VALID],
      [162, 'Length read by its longest prefix', 'Digits followed by junk ("1Z"), read as the digits by some parsers.'],
      [163, 'Decimal point in the length', 'A length such as "5.0".'],
      [164, 'Exponent in the length', 'A length such as "5e0".'],
      [165, 'Space between digits', 'A length such as "1 0", read as 1, 10 or refused.'],
      [166, 'Space-separated digits after a zero', 'A length such as "0 5".'],
      [167, 'Whitespace after the length', 'Trailing SP or HTAB is OWS, not part of the value.', VALID],
      [168, 'Empty length taken as zero', 'An empty Content-Length read as 0.'],
      [169, 'Empty length waited on', 'An empty Content-Length that makes a server wait for a body until it times out.'],
      [170, 'Empty length forwarded by a proxy', 'An empty Content-Length passed on by a proxy.'],
      [171, 'Empty length winning over a later one', 'An empty Content-Length that takes precedence over a later valid one.'],
      [172, 'Empty first length forwarded with a later one', 'A proxy passes on both an empty and a valid Content-Length.'],
      [173, 'Length beyond 64 bits', 'A length too large for any integer type, which must be refused, not wrapped.'],
      [174, 'Huge length and no body', 'A very large length with no body behind it: refuse, close or time out, but never allocate it.'],
      [175, 'Body shorter than its length', 'Fewer bytes sent than Content-Length says; the server must wait, then give up, not take a short body.'],
      [176, 'Length on a method without a body', 'A body on GET, HEAD, OPTIONS or TRACE that a server ignores without reading it off the connection.'],
      [177, 'TRACE with a body', 'A client must not send content with TRACE; servers differ on refusing it, reading the body or leaving it on the connection.'],
      [178, 'GET body dropped but its length kept', 'A proxy removes a GET\'s body and keeps Content-Length, desynchronising the next hop.'],
      [179, 'Extra bytes after a zero length', 'Content-Length 0 followed by bytes, which must be the next request and nothing else.'],
      [180, 'Pipelined requests taken as a body', 'Requests in the same read as a zero-length request taken as its body.'],
      [181, 'GET body holding the start of a request', 'A GET whose body begins like a request, for a recipient that ignores the body\'s length.'],
      [182, 'POST without a length', 'POST with neither Content-Length nor Transfer-Encoding: a zero-length body, or 411.'],
      [183, 'POST with a matching body', 'A POST whose body is exactly Content-Length bytes long.', VALID],
      [184, 'Zero length and no body', 'Content-Length 0 with nothing after the head.', VALID],
      [185, 'Content-Length in a trailer', 'A length field after a chunked body, which must not change its framing.'],
      [186, 'Length field with a disguised name', 'Content-Length\'s name carrying any field-syntax disguise (space or byte before the colon, underscore, case, fold).'],
      [187, 'Front end ignores the length (0.CL)', 'The front end sends the body on as the next request while the back end waits for the length\'s bytes.'],
      [188, 'Back end ignores the length (CL.0)', 'The back end answers some endpoints without reading the body, which becomes the next request.'],
      [189, 'Double desync', 'A 0.CL discrepancy turned into a CL.0 one through an early response.'],
    ],
  },
  {
    id: '3.5',
    title: 'Transfer-Encoding',
    description: 'Which transfer codings a recipient sees, how the list is written, and what happens when Transfer-Encoding meets Content-Length.',
    rows: [
      [190, 'Both framing fields, length first (CL.TE)', 'Content-Length and Transfer-Encoding together; the front end frames by length, the back end by chunks.'],
      [191, 'Both framing fields, chunks first (TE.CL)', 'Content-Length and Transfer-Encoding together; the front end frames by chunks, the back end by length.'],
      [192, 'Both framing fields forwarded', 'A proxy passes on a request carrying both framing fields.'],
      [193, 'Both framing fields, connection kept', 'A server that accepts both fields must close the connection after its answer.'],
      [194, 'Unknown coding taken as chunked', 'Any Transfer-Encoding value read as chunked.'],
      [195, 'Coding name containing "chunked"', 'A coding such as "xchunked" that a substring match takes for chunked.'],
      [196, 'Unknown coding without a length', 'A coding the server does not know, to be answered 501.'],
      [197, 'Unknown coding and a length forwarded', 'A proxy passes on an unknown coding together with Content-Length.'],
      [198, 'Chunked not the last coding', 'A request whose final coding is not chunked has no determinable length: 400 and close.'],
      [199, 'The identity coding', 'The obsolete "identity" coding, alone or beside a length.'],
      [200, 'Chunked, then identity', 'The list "chunked, identity".'],
      [201, 'Identity, then chunked', 'The list "identity, chunked".'],
      [202, 'Unknown coding beside chunked', 'An unknown coding before or after chunked in one list.'],
      [203, 'Chunked between identities', 'The list "identity, chunked, identity".'],
      [204, 'Codings separated by spaces', 'Several codings separated by spaces instead of commas.'],
      [205, 'Two chunked lines taken as no body', 'Transfer-Encoding: chunked twice, read as an unframed message.'],
      [206, 'Two chunked lines forwarded as one', 'A proxy merges two Transfer-Encoding: chunked lines.'],
      [207, 'Two coding lines with a length', 'Transfer-Encoding twice, and Content-Length beside them.'],
      [208, 'Identity line, then chunked line', 'Transfer-Encoding: identity followed by Transfer-Encoding: chunked.'],
      [209, 'Extra identity line', 'An added Transfer-Encoding: identity line beside chunked.'],
      [210, 'Chunked twice in one list', 'The list "chunked, chunked": chunked applied twice.'],
      [211, 'Leading comma makes another coding', 'A list such as ",chunked" read as a coding other than chunked.'],
      [212, 'Leading comma forwarded as chunked', 'A proxy passes ",chunked" on and frames by chunks.'],
      [213, 'Leading comma forwarded as not chunked', 'A proxy passes ",chunked" on and does not frame by chunks.'],
      [214, 'Empty list elements', 'Empty elements in a list must be ignored: ",chunked" means chunked.'],
      [215, 'Trailing comma', 'The list "chunked,".'],
      [216, 'Empty Transfer-Encoding', 'A Transfer-Encoding field with no value.'],
      [217, 'Space after chunked', 'Trailing whitespace after "chunked", trimmed by some readers only.'],
      [218, 'Chunked in another case', 'Coding names are case-insensitive: "Chunked" and "CHUNKED" are chunked.', VALID],
      [219, 'Truncated coding name', 'A prefix of "chunked" that a lazy match accepts.'],
      [220, 'High byte inside chunked', 'A byte above 0x7F in the middle of "chunked".'],
      [221, 'NUL after chunked', '"chunked" followed by NUL, equal to chunked for C-string comparisons.'],
      [222, 'Parameters on chunked', 'Chunked takes no parameters; "chunked;x=y" should be refused.'],
      [223, 'Transfer-Encoding in HTTP/1.0', 'A 1.0 request with Transfer-Encoding, whose framing must be treated as faulty.'],
      [224, 'Content-Encoding: chunked', 'Chunked named in Content-Encoding instead of Transfer-Encoding.'],
      [225, 'Transfer-Encoding named in Connection', 'A hop-by-hop listing that makes a proxy drop the framing field before forwarding.'],
      [226, 'Disguised Connection naming the framing field', 'The same listing in a Connection field with a disguised name.'],
      [227, 'Other hop-by-hop fields removed', 'Fields listed in Connection that a proxy strips, changing what the next hop sees.'],
      [228, 'Transfer-Encoding in a trailer', 'A coding field after a chunked body, which must not change its framing.'],
      [229, 'Folded Transfer-Encoding', 'Transfer-Encoding continued on a folded line.'],
      [230, 'Transfer-Encoding on a method without a body', 'A chunked body on GET, HEAD or OPTIONS.'],
      [231, 'Disguised Transfer-Encoding', 'The framing field\'s name or value carrying any field-syntax or field-value disguise.'],
    ],
  },
  {
    id: '3.6',
    title: 'Chunked framing',
    description: 'Chunk sizes, chunk extensions, the line ends after chunk lines and chunk data, and the trailer section.',
    rows: [
      [232, 'Chunk size read by a general number parser', 'A size with "0x", "_", "+" or "-" accepted by a parser meant for program literals.'],
      [233, 'Chunk size read with signs and prefixes', 'A size with "0x", "+" or "-" accepted by a C-library hexadecimal parser.'],
      [234, 'Hexadecimal prefix on the size', 'A chunk size written with "0x".'],
      [235, 'Plus sign on the size', 'A chunk size with a leading "+".'],
      [236, 'Plus zero as the size', 'A size of "+0", to see whether a recipient ends the body there.'],
      [237, 'Negative chunk size', 'A chunk size with a leading "-".'],
      [238, 'Signed or prefixed size forwarded', 'A proxy reads a signed or prefixed size and passes it on.'],
      [239, 'Underscore in the size', 'A chunk size such as "1_0".'],
      [240, 'Size read by its longest prefix', 'Hex digits followed by junk, read as the digits.'],
      [241, 'Prefix-read size forwarded', 'A proxy reads the leading digits and re-emits its own size.'],
      [242, 'Invalid size forwarded', 'Chunk lines that are not sizes at all, accepted and passed on.'],
      [243, 'Invalid chunk without closing', 'After a bad chunk the server answers but keeps the connection, and the next request starts at a guessed place.'],
      [244, 'Invalid chunk forwarded without its body', 'A proxy passes on a message with a bad chunk but drops its body.'],
      [245, 'Empty chunk size', 'A chunk line with no digits, taken as 0.'],
      [246, 'Whitespace before the size', 'SP or HTAB before the chunk size, accepted and passed on.'],
      [247, 'Whitespace after the size', 'SP or HTAB after the size and before the line end (whitespace before ";" is allowed only with an extension).'],
      [248, 'Chunk size overflow', 'A size larger than any integer type, which must be refused, not wrapped.'],
      [249, 'Upper-case hex digits', 'Chunk sizes in upper-case hexadecimal are valid.', VALID],
      [250, 'Chunk line ended by bare LF', 'A chunk-size line ended by LF alone; invalid, though some recipients accept it.'],
      [251, 'Bare-LF chunk line forwarded', 'A proxy accepts a chunk line ended by LF alone and passes it on.'],
      [252, 'Chunk line ended by bare CR', 'A chunk-size line ended by CR alone.'],
      [253, 'Chunk line ended by CR and a byte', 'CR followed by a byte other than LF after a chunk size.'],
      [254, 'Bare LF in a chunk extension', 'An LF inside a chunk extension, a line end for some readers only.'],
      [255, 'Line end read as extension', 'LF, CR or CR-plus-byte where one reader ends the chunk line and another keeps reading an extension.'],
      [256, 'Bare CR in a chunk extension', 'A CR inside a chunk extension.'],
      [257, 'CR in the whitespace after ";"', 'A CR in the whitespace of a chunk extension, passed on by a proxy.'],
      [258, 'CR in the whitespace before ";"', 'A CR before the semicolon of a chunk extension.'],
      [259, 'Semicolon without an extension', 'A chunk size followed by ";" and nothing else.'],
      [260, 'Invalid byte in an extension name', 'A chunk extension whose name is not a token.'],
      [261, 'NUL in a chunk extension', 'A NUL byte inside a chunk extension.'],
      [262, 'Very long chunk extension', 'A chunk extension of tens of kilobytes, which a recipient should limit rather than buffer without end.'],
      [263, 'Valid chunk extension', 'A well-formed chunk extension, which a recipient must ignore if it does not know it.', VALID],
      [264, 'Chunk data without its CRLF', 'Chunk data not followed by the CRLF the grammar needs.'],
      [265, 'Missing terminator read two ways', 'One recipient accepts chunk data with no line end after it, the other does not.'],
      [266, 'Chunk data longer than its size', 'More data bytes than the chunk size says, before the line end.'],
      [267, 'Oversized chunk with an odd terminator', 'Data longer than its size combined with an unusual line end after it.'],
      [268, 'Body ended by CRLF and any two bytes', 'A chunked body whose end is accepted with two arbitrary bytes in place of the final CRLF.'],
      [269, 'Chunk data ended by bare LF', 'LF alone after chunk data.'],
      [270, 'One-byte against two-byte terminator', 'One recipient takes a single byte as the end of chunk data, the other needs two.'],
      [271, 'Extra CRLF before the last chunk', 'A proxy de-chunks the body and keeps Transfer-Encoding, so the next hop misreads it.'],
      [272, 'No last chunk', 'A chunked body that never sends the zero-size chunk; it is incomplete.'],
      [273, 'Trailer field', 'A field in the trailer section after the last chunk is valid.', VALID],
      [274, 'Host in a trailer', 'A Host field after the body, which must not be used for routing.'],
      [275, 'Authorization in a trailer', 'Credentials after the body, which a recipient must not act on.'],
      [276, 'Content-Type in a trailer', 'A representation field after the body, which must not replace the header\'s.'],
      [277, 'Bare LF in the trailer section', 'A trailer line, or the final empty line, ended by LF alone.'],
      [278, 'Byte after a complete chunked body', 'One extra byte after the end of a chunked message, which must start the next request, not crash the server.'],
      [279, 'Body echoed before the response', 'A server that sends a chunked body back before its own status line.'],
      [280, 'Same content, other chunks', 'The same body cut into different chunks, extensions and trailers must be read as the same content.'],
      [281, 'Valid chunked bodies', 'A single chunk, several chunks, and the empty body of only the last chunk.', VALID],
    ],
  },
  {
    id: '3.7',
    title: 'Host and routing',
    description: 'Which authority a request is for: Host missing, repeated, malformed or contradicted by the target or other fields.',
    rows: [
      [282, 'No Host in HTTP/1.1', 'An HTTP/1.1 request without Host must be answered 400.'],
      [283, 'No Host in HTTP/1.0', 'An HTTP/1.0 request may omit Host.', VALID],
      [284, 'Two different Hosts', 'Host twice with different values: 400.'],
      [285, 'Two identical Hosts', 'Host twice with the same value: still more than one Host, so 400.'],
      [286, 'Host as a list', 'A comma-separated list of authorities in Host.'],
      [287, 'Userinfo in Host', 'A "user@" part, which Host does not allow.'],
      [288, 'Path in Host', 'A path after the authority in Host.'],
      [289, 'Empty Host', 'A Host field with no value, valid only when the target has no authority.'],
      [290, 'Disguised Host', 'Odd bytes inside or around the Host name, colon or value, so that hops pick different authorities.'],
      [291, 'X-Forwarded-Host against Host', 'A forwarding field naming another authority, plain, disguised or repeated.'],
      [292, 'Absolute target against Host', 'An absolute-form target whose authority differs from Host; the target\'s wins.'],
      [293, 'Invalid Host as a canary', 'A Host that is not an authority, used to tell which hop parsed the request.'],
      [294, 'Host a server insists on', 'Servers that only answer a particular Host; benign, but it must be modelled.'],
    ],
  },
  {
    id: '3.8',
    title: 'Connections, pipelining and timing',
    description: 'What happens across requests on one connection: closing, persistence, pipelined requests, where writes are cut, and pauses.',
    rows: [
      [295, 'Connection: close honoured', 'After answering a request with the close option, the server must close.'],
      [296, 'HTTP/1.0 closes by default', 'An HTTP/1.0 request without keep-alive should get its connection closed.'],
      [297, 'Early close with an invalid request queued', 'A valid request followed by an invalid one in the same write, where the valid one loses its answer.'],
      [298, 'Persistence and pipelining', 'Servers that do not keep connections or answer pipelined requests; benign, but it must be modelled.'],
      [299, 'Pipelined request read as a body', 'A request that follows a zero-length or bodiless request taken as that request\'s body.'],
      [300, 'Message boundaries moved', 'Requests joined into one write, split over several, repeated, dropped or with the boundary shifted.'],
      [301, 'Request cut across writes', 'Any part of a request split between writes; the server must wait for the rest.'],
      [302, 'Pause in the middle of a body', 'A server that gives up on a body after a pause and reads the rest as a new request.'],
      [303, 'Only the first request checked', 'Later requests on a connection routed or validated as if they were the first.'],
      [304, 'Body ignored on some endpoints', 'A server that skips the body of requests to some resources, exploitable from a browser.'],
      [305, 'Bytes after the last request', 'Leftover bytes or a second response after one complete request.'],
      [306, 'Unread body after an early answer', 'A server answers before reading a body and leaves it on the connection, where it becomes a request.'],
    ],
  },
  {
    id: '3.9',
    title: 'Expect, Upgrade, CONNECT, methods and bodies',
    description: 'Requests whose handling depends on their method or on an expectation or upgrade, where hops disagree on when the body or the next request starts.',
    rows: [
      [307, '100-continue with a body', 'Expect: 100-continue and Content-Length: send 100 (or the final answer), then read the body.'],
      [308, 'Body sent without waiting for 100', 'The body arrives with the head, then another request; nothing may be skipped or read twice.'],
      [309, 'Disguised expectation', 'An Expect value that only resembles 100-continue, handled differently by each hop.'],
      [310, 'Expectation beside a disguised length', '100-continue combined with a Content-Length disguise.'],
      [311, 'Unknown expectation', 'An expectation the server cannot meet, which it may answer 417.'],
      [312, 'No interim answer to HTTP/1.0', 'A 1.0 client must not get a 1xx response.'],
      [313, 'WebSocket upgrade on POST', 'An upgrade to WebSocket asked on a POST request.'],
      [314, 'Upgrade not named in Connection', 'An Upgrade field without the connection option that makes it count.'],
      [315, 'Upgrade to an unknown protocol', 'An upgrade the server cannot perform, to be ignored.'],
      [316, 'Unsupported WebSocket version', 'A WebSocket upgrade with a version the server lacks (426).'],
      [317, 'Upgrade in HTTP/1.0', 'Upgrade in a 1.0 request, which must be ignored.'],
      [318, 'Data sent right after an upgrade request', 'Bytes sent before the 101 or 2xx arrives, read as a tunnel by one hop and as HTTP by another.'],
      [319, 'Cleartext HTTP/2 upgrade through a proxy', 'An h2c upgrade that a proxy passes through, opening a channel it does not inspect.'],
      [320, 'CONNECT to an origin server', 'CONNECT with an authority-form target sent to a server that is not a proxy.'],
      [321, 'TRACE', 'A TRACE request, which many servers disable.'],
      [322, 'TRACE reflecting credentials', 'TRACE echoing Authorization or Cookie fields back.'],
      [323, 'HEAD with a body', 'A HEAD request carrying a length-framed body, which must not be left on the connection.'],
      [324, 'Range on POST', 'Range applies to GET only and must be ignored elsewhere.'],
      [325, 'Invalid Range', 'A Range field with broken syntax, which a server may ignore.'],
      [326, 'Many overlapping ranges', 'Hundreds of overlapping ranges, to be refused or merged, not served one by one.'],
      [327, 'Range of the first byte', 'Range: bytes=0-0 as a variation of another request.'],
      [328, 'Unsatisfiable Accept', 'An Accept value no representation matches.'],
      [329, 'POST with an unknown media type', 'A body of a type the server does not know: 415 or accepted.'],
    ],
  },
  {
    id: '3.10',
    title: 'Response side',
    description: 'What a server sends back, and how gateways frame responses; the suite checks some of these on every answer.',
    rows: [
      [330, 'Body in a HEAD response', 'A response to HEAD must not carry content.'],
      [331, 'Content-Length in a 204', 'A 204 response must not send Content-Length.'],
      [332, 'Date field', 'An origin server with a clock sends Date, in IMF-fixdate.'],
      [333, '405 without Allow', 'A 405 response must list the allowed methods.'],
      [334, 'OPTIONS without Allow', 'An answer to OPTIONS should say which methods the resource allows.'],
      [335, 'Content without Content-Type', 'A response with content should say its media type.'],
      [336, 'Bad response framing fields', 'A response whose Content-Length or Transfer-Encoding is malformed, contradictory or wrong.'],
      [337, 'Bad response field syntax', 'A response with an invalid field name or value.'],
      [338, 'Singleton field repeated in a response', 'A field that allows one value sent twice by the server.'],
      [339, 'Unasked interim responses', 'A 100 Continue nobody asked for, or a 101 for an upgrade nobody requested.'],
      [340, 'Response framing read differently', 'A proxy and an origin disagree on where a response ends (response desynchronisation).'],
      [341, 'Framing on gateway protocols', 'Disagreements on message length over the protocols between a proxy and an application server (FastCGI, SCGI and others).'],
      [342, 'Empty body crashing a gateway module', 'An empty body that makes a proxy\'s gateway module copy from a null pointer.'],
      [343, 'Memory reuse after free', 'A request that makes a server touch freed memory.'],
      [344, 'Null pointer on any request', 'A request that makes a server dereference a null pointer.'],
    ],
  },
  {
    id: '3.11',
    title: 'HTTP/2 to HTTP/1.1 downgrade',
    description: 'Requests a proxy receives over HTTP/2 and rewrites as HTTP/1.1: out of h1ref\'s scope (it speaks HTTP/1.1 only), listed so the gap is visible.',
    rows: [
      [345, 'Line breaks in pseudo-header fields', 'CR LF or a request line inside :authority, :path, :scheme or :method, copied into the HTTP/1.1 request.'],
      [346, 'Forbidden bytes in HTTP/2 field names', 'Colons, spaces or CR LF in field names, allowed through by the downgrade.'],
      [347, 'HTTP/2 length against the data', 'A content-length that disagrees with the length of the DATA frames.'],
      [348, 'Whitespace kept in values', 'Leading or trailing whitespace in values not removed when rewriting.'],
      [349, 'Empty field names kept', 'Empty names carried over, producing invalid HTTP/1.1.'],
    ],
  },
  {
    id: '3.12',
    title: 'Benign quirks',
    description: 'Differences between servers that are not parsing discrepancies; a differential comparison must excuse them instead of reporting them (the fuzzer profiles each target for them).',
    rows: [
      [350, 'Answers HTTP/0.9', 'The server answers a request line without a version.', { quirk: 'allows-http-0-9' }],
      [351, 'Answers HTTP/2', 'The server speaks HTTP/2 after the connection preface.', { quirk: 'allows-http-2' }],
      [352, 'Takes a request without Host', 'The server answers an HTTP/1.1 request that lacks Host.', { quirk: 'allows-missing-host-header' }],
      [353, 'Needs one particular Host', 'The server only answers requests for its own name.', { quirk: 'requires-specific-host-header' }],
      [354, 'Needs a length on POST', 'The server answers 411 to a POST without a body length.', { quirk: 'requires-length-in-post' }],
      [355, 'Needs a method of letters', 'The server refuses methods holding anything but letters.', { quirk: 'requires-alphabetical-method' }],
      [356, 'Knows a fixed set of methods', 'The server refuses well-formed methods it does not implement.', { quirk: 'method-whitelist' }],
      [357, 'Refuses some method characters', 'The server refuses methods holding some legal token characters.', { quirk: 'method-character-blacklist' }],
      [358, 'Adds fields', 'The echo holds fields the request did not carry (a length, a type).', { quirk: 'added-headers' }],
      [359, 'Removes fields', 'The echo lacks fields the request carried (hop-by-hop fields, forwarding fields).', { quirk: 'removed-headers' }],
      [360, 'Replaces fields', 'The echo shows a field with another value than sent (Host, for one).', { quirk: 'trashed-headers' }],
      [361, 'Translates field names', 'The echo writes "-" in field names as "_".', { quirk: 'header-name-translation' }],
      [362, 'Joins repeated fields', 'The echo merges repeated fields into one, with its own separator.', { quirk: 'joins-duplicate-headers' }],
      [363, 'Refuses a version', 'The server does not take HTTP/1.0 (or another version).', { quirk: 'doesnt-support-version' }],
      [364, 'No persistent connections', 'The server closes after every response.', { quirk: 'doesnt-support-persistence' }],
      [365, 'Error answer or none', 'Refusing with an error status and closing without an answer are the same verdict.'],
      [366, 'Different refusal statuses', 'Refusing with 400, 404 or 501 are the same verdict unless a comparison asks for more.'],
    ],
  },
];

/** The catalogue's sections, in order. */
export const DISCREPANCY_SECTIONS: readonly DiscrepancySection[] = Object.freeze(
  SECTIONS.map((s) => Object.freeze({ id: s.id, title: s.title, description: s.description, first: s.rows[0]![0], last: s.rows.at(-1)![0] })),
);

/** Every class of the catalogue, by id (1 first). */
export const DISCREPANCY_CLASSES: readonly DiscrepancyClass[] = Object.freeze(
  SECTIONS.flatMap((s) => s.rows.map(([id, title, description, extra]) => Object.freeze({
    id, section: s.id, title, description, valid: extra?.valid === true, quirk: extra?.quirk ?? null,
  }))),
);

/** The class numbered `id`, or undefined when the catalogue has none. */
export function discrepancyClass(id: number): DiscrepancyClass | undefined {
  const c = DISCREPANCY_CLASSES[id - 1];
  return c !== undefined && c.id === id ? c : DISCREPANCY_CLASSES.find((x) => x.id === id);
}

/** The section `id`, or undefined when there is none. */
export function discrepancySection(id: string): DiscrepancySection | undefined {
  return DISCREPANCY_SECTIONS.find((s) => s.id === id);
}
