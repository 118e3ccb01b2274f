import type { AgentStanding } from '../../shared/standing.js';
import { funnelLimits } from '../../shared/standing.js';
import type { AgentRow } from '../../shared/api-types.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { countMessage, formatCount, formatPercent } from '../i18n/format.js';
import { AgentLink, useOpenAgent } from '../navigation/AgentLink.js';
import { ChartFrame } from './ChartFrame.js';

const W = 560;
const H = 240;
const LEFT = 44;
const RIGHT = 16;
const TOP = 12;
const BOTTOM = 40;
/** Points along each limit curve: enough for a smooth funnel at any width. */
const CURVE_STEPS = 60;

const MARK_COLOUR = { above: '#038153', within: '#68737d', below: '#cc3340' } as const;

/** A marker whose shape, not only its colour, says above (▲), within (●) or below (▼). */
function Marker({ x, y, mark }: { x: number; y: number; mark: keyof typeof MARK_COLOUR }) {
  const c = MARK_COLOUR[mark];
  if (mark === 'within')
    return <circle cx={x} cy={y} r="4" fill="#fff" stroke={c} strokeWidth="2" />;
  const d = mark === 'above' ? -1 : 1;
  return <path d={`M${x - 5},${y - 3 * d} L${x + 5},${y - 3 * d} L${x},${y + 5 * d} Z`} fill={c} />;
}

/**
 * % easy per agent against the number of answers, with the team's 95% and 99.8% control limits
 * (a funnel plot): only agents outside the funnel differ from the team by more than chance.
 * The same figures follow as a table, so nothing depends on seeing the picture.
 */
export function FunnelPlot({
  agents,
  standings,
  teamEasy,
  nameOf,
}: {
  agents: AgentRow[];
  standings: AgentStanding[];
  teamEasy: number | null;
  nameOf: (agentId: number) => string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  // A point opens the agent's page by mouse; the table below is the keyboard's way there.
  const openAgent = useOpenAgent();
  const markOf = new Map(standings.map((s) => [s.agentId, s.expectation]));
  const points = agents.filter((a) => a.metrics.n > 0 && a.metrics.easy !== null);
  const maxN = Math.max(10, ...points.map((a) => a.metrics.n));
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const x = (n: number) => LEFT + (n / maxN) * plotW;
  const y = (share: number) => TOP + plotH - share * plotH;

  const curve = (pick: 'low95' | 'high95' | 'low998' | 'high998') => {
    let d = '';
    for (let i = 0; i <= CURVE_STEPS; i++) {
      const n = Math.max(1, (i / CURVE_STEPS) * maxN);
      const l = funnelLimits(teamEasy, n);
      if (l) d += `${d ? 'L' : 'M'}${x(n).toFixed(1)},${y(l[pick]).toFixed(1)}`;
    }
    return d;
  };

  const count = (mark: 'above' | 'within' | 'below') =>
    points.filter((a) => markOf.get(a.agentId) === mark).length;
  const description = [
    t('team.funnel.describeTeam', { easy: formatPercent(i18n, teamEasy) }),
    countMessage(i18n, 'team.funnel.describeAbove', count('above')),
    countMessage(i18n, 'team.funnel.describeBelow', count('below')),
    countMessage(i18n, 'team.funnel.describeWithin', count('within')),
  ].join(' ');
  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  const xTicks = [0, Math.round(maxN / 2), maxN];

  return (
    <ChartFrame
      width={W}
      height={H}
      title={t('team.funnel.title')}
      description={description}
      after={
        <details>
          <summary>{t('team.funnel.asTable')}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('team.agents.agent')}</th>
                <th scope="col">{t('common.figures.n')}</th>
                <th scope="col">{t('common.figures.easy')}</th>
                <th scope="col">{t('team.funnel.limits95')}</th>
                <th scope="col">{t('team.funnel.expectation')}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((a) => {
                const l = funnelLimits(teamEasy, a.metrics.n);
                const mark = markOf.get(a.agentId);
                return (
                  <tr key={a.agentId}>
                    <th scope="row">
                      <AgentLink agentId={a.agentId}>{nameOf(a.agentId)}</AgentLink>
                    </th>
                    <td>{formatCount(i18n, a.metrics.n)}</td>
                    <td>{formatPercent(i18n, a.metrics.easy?.value)}</td>
                    <td>
                      {l
                        ? t('common.figures.range', {
                            low: formatPercent(i18n, l.low95),
                            high: formatPercent(i18n, l.high95),
                          })
                        : '–'}
                    </td>
                    <td>{mark ? t(`team.funnel.marks.${mark}`) : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      }
    >
      <g aria-hidden="true">
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={LEFT} x2={W - RIGHT} y1={y(v)} y2={y(v)} stroke="#e9ebed" />
            <text x={LEFT - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#68737d">
              {formatPercent(i18n, v)}
            </text>
          </g>
        ))}
        {xTicks.map((n) => (
          <text
            key={n}
            x={x(n)}
            y={H - BOTTOM + 16}
            textAnchor="middle"
            fontSize="11"
            fill="#2f3941"
          >
            {formatCount(i18n, n)}
          </text>
        ))}
        <text x={LEFT + plotW / 2} y={H - 6} textAnchor="middle" fontSize="11" fill="#68737d">
          {t('team.funnel.xAxis')}
        </text>
        {teamEasy !== null && (
          <>
            <line x1={LEFT} x2={W - RIGHT} y1={y(teamEasy)} y2={y(teamEasy)} stroke="#1f73b7" />
            <path d={curve('low95')} fill="none" stroke="#1f73b7" strokeDasharray="4 3" />
            <path d={curve('high95')} fill="none" stroke="#1f73b7" strokeDasharray="4 3" />
            <path d={curve('low998')} fill="none" stroke="#87929d" strokeDasharray="1 3" />
            <path d={curve('high998')} fill="none" stroke="#87929d" strokeDasharray="1 3" />
          </>
        )}
        {points.map((a) => (
          <g
            key={a.agentId}
            data-agent-id={a.agentId}
            onClick={openAgent ? () => openAgent(a.agentId) : undefined}
            style={openAgent ? { cursor: 'pointer' } : undefined}
          >
            <Marker
              x={x(a.metrics.n)}
              y={y(a.metrics.easy?.value ?? 0)}
              mark={markOf.get(a.agentId) ?? 'within'}
            />
          </g>
        ))}
      </g>
    </ChartFrame>
  );
}
