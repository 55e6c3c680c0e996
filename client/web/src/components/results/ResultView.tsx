import type { CommandResult } from '../../../../../protocol/index.js';
import { DashboardResult } from './DashboardResult';
import { HelpResult } from './HelpResult';
import { SprintDetailResult } from './SprintDetailResult';
import { TableResult } from './TableResult';
import { TaskDetailResult } from './TaskDetailResult';
import { TextResult } from './TextResult';
import { ToastResult } from './ToastResult';
import { asDashboard, asHelp, asSprintDetail, asTable, asTaskDetail, asText } from '../../logic/result-shapes.js';

/** A command result drawn by its `component`; anything unknown or malformed falls back to its text. */
export function ResultView({ result }: { result: CommandResult }) {
  const view = (() => {
    switch (result.component) {
      case 'Table': {
        const data = asTable(result.data);
        return data && <TableResult data={data} />;
      }
      case 'TaskDetail': {
        const data = asTaskDetail(result.data);
        return data && <TaskDetailResult data={data} />;
      }
      case 'SprintDetail': {
        const data = asSprintDetail(result.data);
        return data && <SprintDetailResult data={data} />;
      }
      case 'Dashboard': {
        const data = asDashboard(result.data);
        return data && <DashboardResult data={data} />;
      }
      case 'Help': {
        const data = asHelp(result.data);
        return data && <HelpResult data={data} />;
      }
      case 'Text': {
        const data = asText(result.data);
        return data && <TextResult data={data} />;
      }
      case 'Toast':
        return <ToastResult result={result} />;
      default:
        return null;
    }
  })();
  return <div className={`result result-${result.type}`}>{view ?? <pre className="result-text">{result.text}</pre>}</div>;
}
