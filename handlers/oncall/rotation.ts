/** Who takes pages for a group, in turn. */
export interface Rotation {
  groupId: string;
  /** `weekly`: each member a week; `custom`: each member `shiftHours`. */
  kind: 'weekly' | 'custom';
  /** User ids in the order they take turns. */
  memberIds: string[];
  /** When the first member's first shift starts; turns are counted from here (also backwards). */
  startsAt: Date;
  shiftHours: number;
}

/** Someone else on call for a range of time. */
export interface Override {
  id: number;
  groupId: string;
  userId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  createdAt: Date;
}

export interface OnCall {
  userId: string;
  source: 'override' | 'rotation';
  /** When this person's turn (or override) ends. */
  until: Date;
  /** The override that put them there, when one did. */
  overrideId?: number;
}

/**
 * The person on call at `at`: the newest override covering it, else the rotation's member whose
 * shift contains it; null when neither says.
 */
export function onCallAt(rotation: Rotation | null, overrides: readonly Override[], at: Date): OnCall | null {
  const t = at.getTime();
  const covering = overrides
    .filter((o) => o.startsAt.getTime() <= t && t < o.endsAt.getTime())
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)[0];
  if (covering) return { userId: covering.userId, source: 'override', until: covering.endsAt, overrideId: covering.id };
  if (!rotation || rotation.memberIds.length === 0) return null;
  const shiftMs = rotation.shiftHours * 3_600_000;
  const turn = Math.floor((t - rotation.startsAt.getTime()) / shiftMs);
  const n = rotation.memberIds.length;
  const index = ((turn % n) + n) % n;
  return { userId: rotation.memberIds[index]!, source: 'rotation', until: new Date(rotation.startsAt.getTime() + (turn + 1) * shiftMs) };
}

/** Shift length of a kind: a week for weekly rotations. */
export function shiftHoursOf(kind: Rotation['kind'], custom?: number): number {
  return kind === 'weekly' ? 24 * 7 : custom ?? 24;
}
