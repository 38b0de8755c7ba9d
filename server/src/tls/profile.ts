// The Apigee runtimes whose TLS behaviour differs: rules, offers and fixes follow the profile.
export type Profile = 'apigeex' | 'edge';
export const PROFILES: readonly Profile[] = ['apigeex', 'edge'];

/** The runtime a connection is judged as, and why, for people: `Apigee Edge (inferred from … in ../pom.xml)`. */
export interface ProfileChoice {
  profile: Profile;
  why: string;
}
