import type { FastifyInstance } from 'fastify';
import type {
  SendSurveyRequest,
  SendSurveyResponse,
  TicketSurveyResponse,
} from '../../../shared/api-types.js';
import { intakeSolve } from '../../surveys/intake.js';
import type { SolveEvent } from '../../surveys/solve-event.js';
import {
  findLatestSkipForTicket,
  findLatestSurveyForTicket,
  findSurveyById,
} from '../../surveys/survey-repository.js';
import {
  errorResponses,
  idParams,
  sendSurveyBody,
  sendSurveyCreated,
  sendSurveySkipped,
  ticketResponse,
} from './schemas.js';
import { normalizeChannel } from '../../surveys/channels.js';

export async function ticketRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: number } }>(
    '/tickets/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: "The ticket's survey: its state, answer and write-back, or why it was skipped",
        params: idParams,
        response: { 200: ticketResponse, ...errorResponses(400, 401) },
      },
    },
    async (request): Promise<TicketSurveyResponse> => {
      const ticketId = request.params.id;
      const [survey, skip] = await Promise.all([
        findLatestSurveyForTicket(app.db, ticketId),
        findLatestSkipForTicket(app.db, ticketId),
      ]);
      // A skip older than the survey is history; a newer one explains why no new survey came.
      const current = skip && (!survey || skip.createdAt > survey.createdAt) ? skip : null;
      return { ticketId, survey, skip: current };
    },
  );

  app.post<{ Params: { id: number }; Body: SendSurveyRequest }>(
    '/tickets/:id/survey',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Send (or resend) the survey now, under the same rules as on solve',
        description:
          'The body is the ticket as the app reads it from Zendesk. 201 with the new survey; 409 with the rule that skips it.',
        params: idParams,
        body: sendSurveyBody,
        response: {
          201: sendSurveyCreated,
          409: sendSurveySkipped,
          ...errorResponses(400, 401),
        },
      },
    },
    async (request, reply): Promise<SendSurveyResponse> => {
      const ticketId = request.params.id;
      const b = request.body;
      const event: SolveEvent = {
        ticketId,
        requesterId: b.requesterId,
        requesterLocale: b.requesterLocale?.trim() || null,
        requesterRole: b.requesterRole ?? null,
        assigneeId: b.assigneeId,
        groupId: b.groupId,
        brandId: b.brandId,
        channel: normalizeChannel(b.channel ?? null),
        solvedAt: null,
        satisfaction: null,
        // Tags compare as the solve webhook's do: trimmed, lower case.
        tags: b.tags ? b.tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== '') : null,
      };
      const result = await intakeSolve(app.db, event, {
        origin: 'manual',
        appSecret: app.config.appSecret,
      });
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
  );
}
