// Values decided at build, deploy or run time: never judged as names, never reported as dangling.
import { isTemplate } from '../documents/values';

/**
 * Upper-case tokens a build step replaces (`truststore-APIGEE_ENVIRONMENT-CERT_SUFFIX`, replaced by
 * maven-replacer before the plugin runs): at least two upper-case words joined by `_`.
 */
const BUILD_TOKEN = /(?:^|[^A-Za-z0-9])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![a-z])/;

/** A value that stays symbolic: a `{template}`, `${property}`, `@token@` or an upper-case build token. */
export function isSymbolic(value: string): boolean {
  return isTemplate(value) || BUILD_TOKEN.test(value);
}
