import { Alert } from "@/components/ui/alert";
import type { ConnectionTestResult } from "@/lib/catalog/probe-upstream";

/** The outcome of "Test connection": who answered and with which tools, or exactly what failed. */
export function ConnectionTestResultPanel({ result }: { result: ConnectionTestResult }) {
  if (!result.ok) {
    return (
      <Alert tone="error" title={`${result.title} · ${result.step}`} className="mt-3">
        <p>{result.message}</p>
        <p className="mt-1 text-xs opacity-80">
          {result.upstreamUrl} · after {formatDuration(result.durationMs)}
        </p>
      </Alert>
    );
  }
  const { server } = result;
  return (
    <div className="mt-3 space-y-3" data-testid="connection-test-result">
      <Alert tone="success" title={`Connected to ${server.title ?? server.name} ${server.version}`}>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5">
          <dt className="opacity-80">Server name</dt>
          <dd className="font-mono text-xs leading-5">{server.name}</dd>
          <dt className="opacity-80">Version</dt>
          <dd className="font-mono text-xs leading-5">{server.version}</dd>
          <dt className="opacity-80">Protocol version</dt>
          <dd className="font-mono text-xs leading-5">{result.protocolVersion}</dd>
          <dt className="opacity-80">Answered in</dt>
          <dd className="text-xs leading-5">{formatDuration(result.durationMs)} (initialize and tools/list)</dd>
        </dl>
      </Alert>
      {result.offersTools ? (
        <div className="overflow-hidden rounded-md ring-1 ring-slate-200">
          <table className="min-w-full text-sm">
            <caption className="bg-slate-50 px-3 py-2 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
              {result.tools.length === 1 ? "1 tool" : `${result.tools.length} tools`}
            </caption>
            <thead className="sr-only">
              <tr>
                <th scope="col">Tool</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.tools.map((tool) => (
                <tr key={tool.name}>
                  <td className="px-3 py-2 align-top font-mono text-xs whitespace-nowrap text-slate-900">{tool.name}</td>
                  <td className="px-3 py-2 text-xs text-slate-600">{tool.description || <span className="text-slate-400">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-500">The server offers no tools (it may offer resources or prompts).</p>
      )}
    </div>
  );
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
