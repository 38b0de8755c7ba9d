// PEM blocks in a text, found in one pass: each `-----BEGIN <label>-----` with indexOf, then its
// `-----END <label>-----` from there. A header with no end stops the scan (every later header would search to the
// end of the text again: a file of headers alone would cost its length squared), and so does the block cap.

/** Blocks read from one file at most: a real bundle of CA certificates holds a few hundred. */
export const MAX_PEM_BLOCKS = 1000;

/** Labels are short upper-case words (`CERTIFICATE`, `ENCRYPTED PRIVATE KEY`); longer runs are not a header. */
const MAX_LABEL_LENGTH = 64;

export interface PemBlock {
  label: string;
  /** Where `-----BEGIN` starts. */
  start: number;
  /** Just after the `-----END <label>-----` line's last dash. */
  end: number;
}

export interface PemScan {
  blocks: PemBlock[];
  /** The scan stopped at MAX_PEM_BLOCKS (or the limit given) with more headers after the last block. */
  capped: boolean;
  /** The header the scan stopped at because no matching end follows it. */
  unterminated: Omit<PemBlock, 'end'> | undefined;
  /** Characters the scan's searches covered: at most a small multiple of the text's length (tests hold it to that). */
  examined: number;
}

export interface PemScanOptions {
  /** Only blocks with these labels count (others are stepped over, their ends not searched for). */
  labels?: (label: string) => boolean;
  max?: number;
}

const BEGIN = '-----BEGIN ';
const DASHES = '-----';

export function scanPem(text: string, options: PemScanOptions = {}): PemScan {
  const max = options.max ?? MAX_PEM_BLOCKS;
  const scan: PemScan = { blocks: [], capped: false, unterminated: undefined, examined: 0 };
  const find = (needle: string, from: number): number => {
    const at = text.indexOf(needle, from);
    scan.examined += (at < 0 ? text.length : at + needle.length) - from;
    return at;
  };
  let from = 0;
  for (;;) {
    const start = find(BEGIN, from);
    if (start < 0) return scan;
    const label = labelAt(text, start + BEGIN.length);
    from = start + BEGIN.length;
    if (label === undefined || (options.labels !== undefined && !options.labels(label))) continue;
    if (scan.blocks.length === max) {
      scan.capped = true;
      return scan;
    }
    const footer = `-----END ${label}-----`;
    const end = find(footer, start + BEGIN.length + label.length + DASHES.length);
    if (end < 0) {
      scan.unterminated = { label, start };
      return scan;
    }
    from = end + footer.length;
    scan.blocks.push({ label, start, end: from });
  }
}

/** `LABEL` when `LABEL-----` starts at `at` (upper-case letters, digits and single spaces), else undefined. */
function labelAt(text: string, at: number): string | undefined {
  let i = at;
  while (i - at <= MAX_LABEL_LENGTH && /[A-Z0-9 ]/.test(text[i] ?? '')) i++;
  if (i === at || i - at > MAX_LABEL_LENGTH || !text.startsWith(DASHES, i)) return undefined;
  return text.slice(at, i);
}

/** The text of a block. */
export function pemText(text: string, block: PemBlock): string {
  return text.slice(block.start, block.end);
}
