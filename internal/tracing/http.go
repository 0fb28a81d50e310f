package tracing

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// Route is a plain HTTP route Handler traces (RPCs have their
// interceptor). Its credentials are in the path, so Redact must return a
// path fit for a trace; Name is the low-cardinality route template that
// names the span.
type Route struct {
	Prefix string
	Name   string
	Redact func(path string) string
}

// Handler wraps the whole server. Requests under a route get a server
// span named after the route, carrying only the redacted path: never the
// raw URL, its query or headers. Every other request gets the holder that
// carries its RPC's span to the log line (ServerInterceptor fills it).
// Route spans start their own trace: the callers are players, and a
// traceparent they send is kept as a link only. So, as for public RPCs,
// the sampler decides before any span work: a dropped route request is
// served as it came (no header parsing, redaction, attributes or span).
func (p *Provider) Handler(next http.Handler, routes ...Route) http.Handler {
	if !p.Enabled() {
		return next
	}
	tracer := p.Tracer()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rt := range routes {
			if strings.HasPrefix(r.URL.Path, rt.Prefix) {
				p.serveRoute(tracer, rt, w, r, next)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(&holder{Context: r.Context()}))
	})
}

func (p *Provider) serveRoute(tracer trace.Tracer, rt Route, w http.ResponseWriter, r *http.Request, next http.Handler) {
	if !p.sampleRoot(rt.Name) {
		next.ServeHTTP(w, r)
		return
	}
	// Kept: presampled samples the span, whatever trace id it draws.
	h := &holder{Context: r.Context(), presampled: true}
	remote := trace.SpanContextFromContext(p.prop.Extract(h, propagation.HeaderCarrier(r.Header)))
	opts := []trace.SpanStartOption{
		trace.WithSpanKind(trace.SpanKindServer), trace.WithNewRoot(),
		trace.WithAttributes(
			semconv.HTTPRequestMethodKey.String(r.Method),
			semconv.HTTPRoute(rt.Name),
			semconv.URLPath(rt.Redact(r.URL.Path)),
		),
	}
	if remote.IsValid() {
		opts = append(opts, trace.WithLinks(trace.Link{SpanContext: remote}))
	}
	ctx, span := tracer.Start(h, r.Method+" "+rt.Name, opts...)
	defer span.End()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	next.ServeHTTP(sw, r.WithContext(ctx))
	span.SetAttributes(semconv.HTTPResponseStatusCode(sw.status))
	if sw.status >= 500 {
		span.SetStatus(codes.Error, http.StatusText(sw.status))
	}
}

// statusWriter keeps the status; it forwards Flush and Unwrap so HLS
// serving keeps working through it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Transport puts a client span around each request of base (nil:
// http.DefaultTransport) made under a recording span, named
// "<system> <method>". The span carries the method, host and path but
// never the query: presigned S3 URLs carry working signatures there. It
// sends no trace context: object storage does not continue our traces.
func Transport(base http.RoundTripper, system string) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return transport{base: base, system: system}
}

type transport struct {
	base   http.RoundTripper
	system string
}

func (t transport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, span := Start(r.Context(), t.system+" "+r.Method, trace.SpanKindClient,
		semconv.HTTPRequestMethodKey.String(r.Method),
		semconv.ServerAddress(r.URL.Hostname()),
		semconv.URLPath(r.URL.Path),
	)
	if !span.IsRecording() {
		return t.base.RoundTrip(r)
	}
	res, err := t.base.RoundTrip(r.WithContext(ctx))
	if err != nil {
		End(span, err)
		return nil, err
	}
	span.SetAttributes(semconv.HTTPResponseStatusCode(res.StatusCode))
	if res.StatusCode >= 500 {
		span.SetStatus(codes.Error, res.Status)
	}
	// The span lasts until the body is read or closed, so a download's
	// span covers the download.
	res.Body = &endBody{ReadCloser: res.Body, span: span}
	return res, nil
}

type endBody struct {
	io.ReadCloser
	span trace.Span
	once sync.Once
}

func (b *endBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.end(err)
	}
	return n, err
}

func (b *endBody) Close() error {
	err := b.ReadCloser.Close()
	b.end(nil)
	return err
}

func (b *endBody) end(err error) {
	b.once.Do(func() {
		if errors.Is(err, io.EOF) {
			err = nil
		}
		End(b.span, err)
	})
}
