import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import type { AppConfig } from '../config/config';
import { setJobTracer } from './hooks';
import { scrubAttributes, scrubMessage } from './redact';

/** Paths polled by orchestrators and Prometheus: not worth a trace each. */
const UNTRACED_PATHS = new Set(['/livez', '/readyz', '/metrics']);

/**
 * Every span leaves through here: attributes, events and the status message scrubbed of values
 * (SQL literals, query strings, variables, headers; see ./redact) before the real exporter sees them.
 */
class RedactingExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: Parameters<SpanExporter['export']>[1]): void {
    this.inner.export(spans.map(redactSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

function redactSpan(span: ReadableSpan): ReadableSpan {
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status.message
      ? { ...span.status, message: scrubMessage(span.status.message) }
      : span.status,
    attributes: scrubAttributes(span.attributes),
    links: span.links,
    events: span.events.map((event) =>
      event.attributes ? { ...event, attributes: scrubAttributes(event.attributes) } : event,
    ),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/**
 * OpenTelemetry tracing: HTTP requests (incoming and outgoing), Express routing, GraphQL parse,
 * validate and execute (resolvers of non-trivial fields), SQL statements run inside a request or a
 * job, and one span per job run, exported over OTLP/HTTP (JSON) in batches. Must run before http,
 * express, graphql and pg are first required: src/tracing/start.ts, imported first by src/main.ts.
 * Returns the shutdown that flushes the spans still buffered.
 */
export function startTracing(tracing: AppConfig['tracing']): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': tracing.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(new RedactingExporter(new OTLPTraceExporter({ url: tracing.endpoint }))),
    ],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0]),
      }),
      new ExpressInstrumentation(),
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      // Only statements with a parent (a request, a job run): not the job runners' polling.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  const tracer = provider.getTracer('chinh-quyen-jobs');
  setJobTracer((task, run, work) =>
    tracer.startActiveSpan(
      `job ${task}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { 'job.task': task, 'job.id': run.id, 'job.attempt': run.attempt },
      },
      async (span) => {
        try {
          return await work();
        } catch (error) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.message : undefined,
          });
          throw error;
        } finally {
          span.end();
        }
      },
    ),
  );
  return async () => {
    setJobTracer(null);
    await provider.shutdown();
  };
}
