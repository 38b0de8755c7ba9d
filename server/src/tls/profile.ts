// The Apigee runtimes whose TLS behaviour differs: rules, offers and fixes follow the profile.
export type Profile = 'apigeex' | 'edge';
export const PROFILES: readonly Profile[] = ['apigeex', 'edge'];
