// The examples of a cross-file rule's docs page: fenced blocks whose info string names the file
// (```json resources/edge/env/test/targetServers.json), before "Not flagged" (flagged) and after it (passing).
export interface DocExamples {
  flagged: Record<string, string>;
  passing: Record<string, string>;
  /** The ```text block of quoted messages. */
  quoted: string;
}

export function examples(section: string): DocExamples {
  const at = section.search(/^Not flagged/m);
  const tree = (text: string): Record<string, string> =>
    Object.fromEntries([...text.matchAll(/^```\w+ (\S+)\n([\s\S]*?)\n```$/gm)].map((m) => [m[1]!, `${m[2]!}\n`]));
  return {
    flagged: tree(at < 0 ? section : section.slice(0, at)),
    passing: at < 0 ? {} : tree(section.slice(at)),
    quoted: /^```text\n([\s\S]*?)\n```$/m.exec(section)?.[1] ?? '',
  };
}
