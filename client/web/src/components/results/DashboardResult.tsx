import type { DashboardData } from '../../../../../protocol/index.js';
import { navigate } from '../../app/routing';

/** The dashboard in a message: the four numbers, and the live page a click away. */
export function DashboardResult({ data }: { data: DashboardData }) {
  const s = data.stats;
  const cards: [string, number][] = [
    ['Active sprints', s.activeSprints],
    ['My tasks', s.myTasks],
    ['Unread', s.unreadMessages],
    ['Agents online', s.agentsOnline],
  ];
  return (
    <div className="card result-card">
      <div className="mini-stats">
        {cards.map(([label, value]) => (
          <div key={label} className="mini-stat">
            <strong>{value}</strong>
            <span>{label}</span>
          </div>
        ))}
      </div>
      <button type="button" className="button small" onClick={() => navigate({ page: 'dashboard' })}>
        Open the live dashboard
      </button>
    </div>
  );
}
