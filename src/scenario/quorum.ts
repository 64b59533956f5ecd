/**
 * The one quorum formula (facts §1, etcd FAQ): a Raft cluster of n voting members needs
 * floor(n/2) + 1 of them. Used by the model, the exact analysis, the placement warnings
 * and the reports, so they cannot disagree.
 */

/** Quorum size of a cluster of `members` voting members (integer division). */
export function quorumOf(members: number): number {
  return Math.floor(members / 2) + 1;
}
