// The shape of a target profile: every protocol name, path, template and selector the harness uses.
// Each type is derived from the one schema (src/config/profile-schema.ts) that also validates a loaded profile.
// Pure data and plain functions, no imports from Node, so esbuild can bundle a profile into k6 scripts: the
// schema is imported for its types only, so neither it nor zod ends up in a bundle.
import type { z } from 'zod';
import type * as schema from '../src/config/profile-schema.ts';

export type { TokenContext } from '../src/config/profile-schema.ts';

/** What a profile author writes (defineProfile's argument). */
export type ProfileDefinition = z.input<typeof schema.profileSchema>;
/** A profile as the harness reads it: what the schema lets through. */
export type Profile = Readonly<z.output<typeof schema.profileSchema>>;

/** A JSON path such as `data.result.text` or `dependencies[0].name`. */
export type JsonPath = string;
/** JSON paths; a list means "first match wins". */
export type JsonPaths = z.output<typeof schema.jsonPaths>;
export type LogicalEvent = z.output<typeof schema.logicalEvent>;
export type EventField = z.output<typeof schema.eventField>;
export type FrameKind = z.output<typeof schema.frameKind>;
export type FrameMatcher = z.output<typeof schema.frameMatcher>;
export type TokenStrategy = z.output<typeof schema.tokenStrategy>;
export type AuthCarrier = z.output<typeof schema.authCarrier>;
export type EchoRule = z.output<typeof schema.echoRule>;
export type Locator = z.output<typeof schema.locator>;
export type HealthEndpoint = z.output<typeof schema.healthEndpoint>;
export type DependencyList = z.output<typeof schema.dependencyList>;
export type VersionSource = z.output<typeof schema.versionSource>;
export type Hooks = NonNullable<Profile['hooks']>;

/** Typed like Playwright's defineConfig; validation happens when the profile is loaded. */
export function defineProfile(definition: ProfileDefinition): Profile {
  return definition;
}
