import { type CooperationRequest, partiesOf, type Side, stateOwner, type WorkflowMachine } from '@/workflows';

type Parties = Pick<CooperationRequest, 'requestingAuthorityId' | 'requestedAuthorityId'> & {
  additionalPartyIds?: readonly string[];
};

/** Where a request's parties are: each party authority's node (null: this one), as the directory says. */
export class PartyNodes {
  private constructor(
    private readonly request: Parties,
    private readonly hosts: ReadonlyMap<string, string | null>,
  ) {}

  /** From the authorities the directory found (an unknown party is taken as nobody's: it hosts nothing). */
  static of(request: Parties, found: readonly { id: string; nodeOrigin: string | null }[]): PartyNodes {
    const byId = new Map(found.map((a) => [a.id, a.nodeOrigin]));
    return new PartyNodes(
      request,
      new Map(partiesOf(request).flatMap((id) => (byId.has(id) ? [[id, byId.get(id) ?? null]] : []))),
    );
  }

  /** Reads the parties' hosts from the directory (`findByIds`, e.g. AuthoritiesService). */
  static async load(
    directory: { findByIds(ids: string[]): Promise<{ id: string; nodeOrigin: string | null }[]> },
    request: Parties,
  ): Promise<PartyNodes> {
    return PartyNodes.of(request, await directory.findByIds(partiesOf(request)));
  }

  /** The node hosting `authorityId` (null: this node; undefined: not a party, or not in the directory). */
  hostOf(authorityId: string): string | null | undefined {
    return this.hosts.get(authorityId);
  }

  /** The peer nodes hosting at least one party, in the order of the parties (requesting one first). */
  get peers(): string[] {
    return [...new Set([...this.hosts.values()].filter((o): o is string => o !== null))];
  }

  /**
   * The side this node sequences on a request across nodes: the side of the requesting or the requested
   * authority it hosts; `further` when it hosts only further parties of a multi-party request (it proposes
   * every move and runs no clock); null when no party is on a peer (a request of this node alone).
   */
  get here(): Side | 'further' | null {
    if (this.peers.length === 0) {
      return null;
    }
    if (this.hosts.get(this.request.requestingAuthorityId) === null) {
      return 'requesting';
    }
    if (this.hosts.get(this.request.requestedAuthorityId) === null) {
      return 'requested';
    }
    return 'further';
  }

  /**
   * The node that sequences a side's statuses: the one hosting that side's named authority (the requesting
   * one, or the requested one for the requested side, further parties' nodes proposing to it). Null: here.
   */
  nodeOfSide(side: Side): string | null | undefined {
    return this.hostOf(
      side === 'requesting' ? this.request.requestingAuthorityId : this.request.requestedAuthorityId,
    );
  }

  /** The node that sequences `status` (stateOwner's side's node); null: this node. */
  sequencerOf(machine: WorkflowMachine, status: string): string | null | undefined {
    return this.nodeOfSide(stateOwner(machine, status));
  }

  /** The first party `origin` hosts (the authority an envelope to it is addressed to), if any. */
  firstHostedBy(origin: string | null): string | undefined {
    return [...this.hosts.entries()].find(([, o]) => o === origin)?.[0];
  }

  /** Whether `origin` hosts one of the parties. */
  hostsAny(origin: string): boolean {
    return this.firstHostedBy(origin) !== undefined;
  }
}
