// What the bench measures of the engine, bundled by esbuild as dist/ is (tsx's on-the-fly build of the
// sources runs fast-xml-parser's untranspiled ESM sources and measures slower than what users run).
export { lintText, sniffRootName } from '../../server/src/lint/lint';
export { parseXml } from '../../server/src/lint/xml/document';
