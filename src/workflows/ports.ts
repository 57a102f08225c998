import type { DeclaredRules, TimerSettings } from './workflow.types';

/**
 * What the engine needs from the rest of the application, declared here and implemented by the modules
 * that own the data (the directory of authorities, the per-State settings). The engine never imports
 * those modules; Nest resolves these abstract classes to the modules' providers.
 */

/** An authority as the engine sees it: enough to route a request and check its language. */
export interface AuthorityRef {
  id: string;
  code: string;
  country: string;
  kind: string;
  languages: readonly string[];
  /** The origin of the node hosting it; null (or absent) when it is hosted here. */
  nodeOrigin?: string | null;
}

export abstract class AuthorityDirectory {
  abstract findById(id: string): Promise<AuthorityRef | null>;
}

/** The legal periods that apply to requests addressed to a State (its declared periods or the defaults). */
export abstract class StatePeriods {
  abstract timerSettings(country: string): Promise<TimerSettings>;
  /** The State's declarations as the submission checks read them (absent: the engine checks none). */
  declaredRules?(country: string): Promise<DeclaredRules>;
}

/** A four-eyes requirement on an action: the role its confirmer needs (see FourEyesPolicy). */
export interface FourEyesRequirement {
  /** The State whose policy it is (the country of the acting authority). */
  country: string;
  channel: string;
  action: string;
  confirmerRole: string;
}

/**
 * Which actions of a State's authorities need a second person (four eyes): the policy is data, owned by a
 * module, read by the engine before it takes a local user's action.
 */
export interface FourEyesPolicy {
  requirementFor(country: string, channel: string, action: string): Promise<FourEyesRequirement | null>;
}
