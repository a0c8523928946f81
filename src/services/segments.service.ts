import { randomUUID } from 'node:crypto';
import { conflict, invalidInput, notFound } from '../core/errors.js';
import { type AudienceSegment, normalizeAudience, type Segment } from '../core/segment.js';
import type { SegmentsRepository } from '../store/repositories/segments.repository.js';
import type { Clock } from './clock.js';

/** Audiences of a workspace: "hot regions", "cold regions", "engineers in Germany"… */
export class SegmentsService {
  constructor(
    private readonly segments: SegmentsRepository,
    private readonly clock: Clock,
  ) {}

  async create(workspaceId: string, input: { name: string; audience: AudienceSegment }): Promise<Segment> {
    const name = input.name.trim();
    if (!name) throw invalidInput('A segment needs a name');
    const normalized = normalizeAudience(input.audience);
    if (!normalized.ok) throw invalidInput(normalized.problems.join('; '), { problems: normalized.problems });
    const segment: Segment = {
      id: randomUUID(),
      workspaceId,
      name,
      audience: normalized.audience,
      createdAt: this.clock.now(),
    };
    await this.segments.insert(segment);
    return segment;
  }

  list(workspaceId: string): Promise<Segment[]> {
    return this.segments.list(workspaceId);
  }

  /** A segment of this workspace; segments of other workspaces do not exist from here. */
  async get(workspaceId: string, id: string): Promise<Segment> {
    const segment = await this.segments.find(id);
    if (!segment || segment.workspaceId !== workspaceId) throw notFound('Segment', id);
    return segment;
  }

  /** Refused while a pending publication targets it: deleting it would widen that post's audience. */
  async delete(workspaceId: string, id: string): Promise<void> {
    await this.get(workspaceId, id);
    if (await this.segments.isInUse(id)) {
      throw conflict('Publications still to be published target this segment; cancel them or let them publish first');
    }
    if (!(await this.segments.delete(workspaceId, id))) throw notFound('Segment', id);
  }
}
