/**
 * How an ensemble names its members' layers: `m<k>_` before the layer's own name. The model plan
 * names them, and views that group a layer's norms over the members read them back, by these.
 */

/** The name prefix of an ensemble member's layers (none for a single network). */
export function memberPrefix(member: number, members: number): string {
  return members > 1 ? `m${member}_` : '';
}

const MEMBER_PREFIX = /^m(\d+)_/;

/** The member (1-based) a layer of an ensemble belongs to by its name, 0 for a layer of no member. */
export function memberOfLayer(name: string): number {
  const match = MEMBER_PREFIX.exec(name);
  return match ? Number(match[1]) : 0;
}

/** A layer's name within its member (`m3_lstm_1` → `lstm_1`); a layer of no member keeps its name. */
export function layerWithinMember(name: string): string {
  return name.replace(MEMBER_PREFIX, '');
}
