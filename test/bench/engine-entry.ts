// What the bench measures of the engine, bundled by esbuild as dist/ is (tsx's on-the-fly build of the
// sources runs fast-xml-parser's untranspiled ESM sources and measures slower than what users run).
export { lintText } from '../../server/src/lint/lint';
export { sniffRootName } from '../../server/src/documents/sniff';
export { parseXml } from '../../server/src/documents/xml/document';
