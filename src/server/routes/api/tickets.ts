import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  sendSurveyRoute,
  ticketSurveyRoute,
  type ReplyOf,
  type RequestOf,
  type SkipView,
} from '../../../shared/contract/index.js';
import { accessOf, forbidden } from '../../access/guard.js';
import { maySeeTicket } from '../../access/ticket-visibility.js';
import { normalizeChannel } from '../../../shared/channels.js';
import { intakeSolve } from '../../surveys/intake.js';
import { countDecision } from '../../monitoring/metrics.js';
import type { RequesterRole, SolveEvent } from '../../surveys/solve-event.js';
import {
  findLatestSkipForTicket,
  findLatestSurveyForTicket,
  findSurveyById,
  listEarlierAnsweredSurveys,
} from '../../surveys/survey-repository.js';
import {
  ZendeskConfigError,
  ZendeskError,
  ZendeskRequestError,
  type ZendeskClient,
  type ZendeskTicket,
} from '../../zendesk/index.js';
import { routeOf } from './contract-routes.js';

export interface TicketRouteOptions {
  /** The service's own Zendesk client: "send now" reads the ticket from Zendesk, not the caller. */
  zendesk: () => ZendeskClient;
}

const ROLES: readonly string[] = ['end-user', 'agent', 'admin'];

/** The ticket as Zendesk says it is now, read with the service's credentials. */
async function solveEventFromZendesk(
  zendesk: ZendeskClient,
  ticket: ZendeskTicket,
): Promise<SolveEvent> {
  let locale: string | null = null;
  let role: RequesterRole | null = null;
  if (ticket.requester_id) {
    try {
      const user = await zendesk.getUser(ticket.requester_id);
      locale = user.locale?.trim() || null;
      role = ROLES.includes(user.role) ? (user.role as RequesterRole) : null;
    } catch (error) {
      // A requester deleted since: no locale to use, nobody's role to check.
      if (!(error instanceof ZendeskRequestError && error.status === 404)) throw error;
    }
  }
  return {
    ticketId: ticket.id,
    requesterId: ticket.requester_id || null,
    requesterLocale: locale,
    requesterRole: role,
    assigneeId: ticket.assignee_id,
    groupId: ticket.group_id,
    brandId: ticket.brand_id,
    channel: normalizeChannel(ticket.via?.channel ?? null),
    solvedAt: null,
    satisfaction: ticket.satisfaction_rating?.score ?? null,
    // Tags compare as the solve webhook's do: trimmed, lower case.
    tags: ticket.tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== ''),
  };
}

/** Zendesk trouble is told as such: no ticket is 404, anything else 503 ("try again"). */
function zendeskProblem(reply: FastifyReply, ticketId: number, error: unknown) {
  if (error instanceof ZendeskRequestError && error.status === 404) {
    return reply.status(404).send({
      error: 'ticket_not_found',
      message: `Zendesk has no ticket ${ticketId} (it may have been deleted): nothing was sent.`,
    });
  }
  if (error instanceof ZendeskConfigError) {
    return reply.status(503).send({ error: 'zendesk_not_configured', message: error.message });
  }
  if (error instanceof ZendeskError) {
    return reply.status(503).send({
      error: 'zendesk_unavailable',
      message:
        'Zendesk did not answer, so the ticket could not be read and nothing was sent. Try again in a minute.',
    });
  }
  throw error;
}

export async function ticketRoutes(
  app: FastifyInstance,
  options: TicketRouteOptions,
): Promise<void> {
  app.route<RequestOf<typeof ticketSurveyRoute>>({
    ...routeOf(ticketSurveyRoute),
    config: { capability: 'sidebar' },
    handler: async (request): Promise<ReplyOf<typeof ticketSurveyRoute>> => {
      const ticketId = request.params.id;
      const [survey, skip] = await Promise.all([
        findLatestSurveyForTicket(app.db, ticketId),
        findLatestSkipForTicket(app.db, ticketId),
      ]);
      const earlier = survey ? await listEarlierAnsweredSurveys(app.db, ticketId, survey.id) : [];
      // A skip older than the survey is history; a newer one explains why no new survey came.
      const current = skip && (!survey || skip.createdAt > survey.createdAt) ? skip : null;
      return { ticketId, survey, skip: current, earlier };
    },
  });

  app.route<RequestOf<typeof sendSurveyRoute>>({
    ...routeOf(sendSurveyRoute),
    config: { capability: 'sidebar' },
    handler: async (
      request,
      reply,
    ): Promise<ReplyOf<typeof sendSurveyRoute, 201 | 409> | FastifyReply> => {
      const ticketId = request.params.id;
      let event: SolveEvent;
      try {
        const zendesk = options.zendesk();
        const ticket = await zendesk.getTicket(ticketId);
        if (!maySeeTicket(accessOf(request), ticket)) {
          return forbidden(
            reply,
            `Your Zendesk role does not let you see ticket ${ticketId}, so you cannot send its survey.`,
          );
        }
        if (ticket.status === 'closed') {
          const skip: SkipView = {
            ticketId,
            reason: 'ticket_closed',
            detail: null,
            createdAt: new Date().toISOString(),
          };
          return reply.status(409).send({ outcome: 'skipped', skip });
        }
        event = await solveEventFromZendesk(zendesk, ticket);
      } catch (error) {
        // The message only: a Zendesk error's cause may carry the request with its credentials.
        if (error instanceof Error)
          request.log.warn({ ticketId, problem: error.message }, 'send now: Zendesk read failed');
        return zendeskProblem(reply, ticketId, error);
      }

      const result = await intakeSolve(app.db, event, {
        origin: 'manual',
      });
      countDecision('manual', result);
      if (result.outcome === 'skipped') {
        const skip = (await findLatestSkipForTicket(app.db, ticketId)) ?? {
          ticketId,
          reason: result.reason,
          detail: result.detail,
          createdAt: new Date().toISOString(),
        };
        reply.status(409);
        return { outcome: 'skipped', skip };
      }
      const surveyId =
        result.outcome === 'created'
          ? result.surveyId
          : ((await findLatestSurveyForTicket(app.db, ticketId))?.id ?? null);
      const survey = surveyId === null ? null : await findSurveyById(app.db, surveyId);
      if (!survey) throw new Error(`Survey of ticket ${ticketId} vanished right after intake`);
      reply.status(201);
      return { outcome: 'created', survey };
    },
  });
}
