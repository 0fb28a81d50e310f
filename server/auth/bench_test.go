package auth_test

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/streamgate/streamgate/db"
	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	"github.com/streamgate/streamgate/internal/benchreport"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/tokens"
)

// BenchmarkSigToPub is the baseline: bare go-ethereum public-key recovery
// of a personal_sign signature of a sign-in message.
func BenchmarkSigToPub(b *testing.B) {
	w := newWallet(b)
	msg := []byte(benchMessage(b, w))
	sig, _ := crypto.Sign(accounts.TextHash(msg), w.key)
	b.ReportAllocs()
	cpu := startCPU(b)
	for b.Loop() {
		if _, err := crypto.SigToPub(accounts.TextHash(msg), sig); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report()
}

// cpuMeter reports this process's CPU time per operation ("cpu-ns/op"),
// user and system: what one core spends on one operation, whatever the
// wall clock says on a machine shared with PostgreSQL, Redis and others.
type cpuMeter struct {
	b     *testing.B
	start time.Duration
}

func startCPU(b *testing.B) cpuMeter { return cpuMeter{b: b, start: cpuTime()} }

func (c cpuMeter) report() {
	c.b.ReportMetric(float64(cpuTime()-c.start)/float64(c.b.N), "cpu-ns/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchMessage(b *testing.B, w wallet) string {
	cfg := auth.DefaultConfig()
	return "http://" + cfg.Domain + " wants you to sign in with your Ethereum account:\n" + w.address +
		"\n\nSign in to StreamGate.\n\nURI: " + cfg.URI + "\nVersion: 1\nChain ID: 31337\nNonce: ABCDEFGHIJKLMNOPQRSTUVWXYZ\n" +
		"Issued At: " + time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
}

// BenchmarkSignIn measures sign-in against its baseline, crypto.SigToPub
// of the same messages and signatures, as CPU time of this process (user +
// system, every thread, from getrusage) per call: what one core spends on
// one sign-in, whatever the wall clock says on a machine shared with
// PostgreSQL and Redis. Challenges are issued and signed before the timer.
//
// Two paths are measured:
//   - "verify": what the target names, sign-in up to its tokens:
//     parse (EIP-4361 ABNF), origin/chain/time checks, EIP-191 recovery,
//     the rate limits and the atomic nonce consumption (one Redis script),
//     and the account upsert with the session insert (one PostgreSQL
//     statement).
//   - "signin": Service.SignIn as the handler runs it, which adds the
//     EdDSA access token and the response.
//
// "…/recover" is each path's rate per core as a fraction of the bare
// recovery rate per core (the target is at least 0.33).
//
// Sub-benchmark "serial" runs one call at a time, each path interleaved
// with a bare recovery so that both see the same load. "parallel" runs 8
// callers per core, as a loaded server does (the round trips overlap), in
// rounds of three phases: bare recovery, verify, sign-in.
func BenchmarkSignIn(b *testing.B) {
	b.Run("serial", func(b *testing.B) {
		svc := benchService(b)
		verifyReqs, signInReqs := benchRequests(b, svc, b.N), benchRequests(b, svc, b.N)
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		var recoverCPU, verifyCPU, signInCPU time.Duration
		for i := range b.N {
			t0 := cpuTime()
			bareRecover(b, verifyReqs[i])
			t1 := cpuTime()
			if err := svc.Admit(ctx, verifyReqs[i]); err != nil {
				b.Fatal(err)
			}
			t2 := cpuTime()
			bareRecover(b, signInReqs[i])
			t3 := cpuTime()
			if _, err := svc.SignIn(ctx, signInReqs[i]); err != nil {
				b.Fatal(err)
			}
			t4 := cpuTime()
			recoverCPU += t1 - t0 + t3 - t2
			verifyCPU, signInCPU = verifyCPU+t2-t1, signInCPU+t4-t3
		}
		b.StopTimer()
		reportRates(b, recoverCPU/2, verifyCPU, signInCPU)
	})
	b.Run("parallel", func(b *testing.B) {
		svc := benchService(b)
		verifyReqs, signInReqs := benchRequests(b, svc, b.N), benchRequests(b, svc, b.N)
		ctx := context.Background()
		phase := func(reqs []*connect.Request[authv1.SignInRequest], call func(*connect.Request[authv1.SignInRequest]) error) time.Duration {
			var next atomic.Int64
			t0 := cpuTime()
			var wg sync.WaitGroup
			for range 8 * runtime.GOMAXPROCS(0) {
				wg.Go(func() {
					for i := next.Add(1) - 1; i < int64(len(reqs)); i = next.Add(1) - 1 {
						if err := call(reqs[i]); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			return cpuTime() - t0
		}
		// Warm up (connections, statement caches, the Redis script, the
		// Go runtime) on requests of their own, then collect the set-up's
		// garbage, before anything is timed.
		warmV, warmS := benchRequests(b, svc, 256), benchRequests(b, svc, 256)
		phase(warmV, func(r *connect.Request[authv1.SignInRequest]) error { bareRecover(b, r); return nil })
		phase(warmV, func(r *connect.Request[authv1.SignInRequest]) error { return svc.Admit(ctx, r) })
		phase(warmS, func(r *connect.Request[authv1.SignInRequest]) error {
			_, err := svc.SignIn(ctx, r)
			return err
		})
		benchreport.Settle()
		// Four rounds of the three phases, so that a change in the
		// machine's load during the run falls on all three alike.
		const rounds = 4
		var recoverCPU, verifyCPU, signInCPU time.Duration
		b.ResetTimer()
		for r := range rounds {
			lo, hi := b.N*r/rounds, b.N*(r+1)/rounds
			recoverCPU += phase(verifyReqs[lo:hi], func(r *connect.Request[authv1.SignInRequest]) error { bareRecover(b, r); return nil })
			verifyCPU += phase(verifyReqs[lo:hi], func(r *connect.Request[authv1.SignInRequest]) error { return svc.Admit(ctx, r) })
			signInCPU += phase(signInReqs[lo:hi], func(r *connect.Request[authv1.SignInRequest]) error {
				_, err := svc.SignIn(ctx, r)
				return err
			})
		}
		b.StopTimer()
		reportRates(b, recoverCPU, verifyCPU, signInCPU)
		if b.N > 1 { // not go test's first, one-call run
			n := float64(b.N)
			bare := fmt.Sprintf("SigToPub %.0f µs CPU/call", float64(recoverCPU.Microseconds())/n)
			benchreport.Print(benchreport.Figure{
				Path:     "sign-in verify, saturated, vs bare SigToPub (rate per core)",
				Baseline: bare, StreamGate: fmt.Sprintf("verify %.0f µs CPU/call", float64(verifyCPU.Microseconds())/n),
				Ratio: float64(recoverCPU) / float64(verifyCPU), Target: 0.4,
			})
			benchreport.Print(benchreport.Figure{
				Path:     "SignIn with its access token, saturated, vs bare SigToPub (rate per core)",
				Baseline: bare, StreamGate: fmt.Sprintf("SignIn %.0f µs CPU/call", float64(signInCPU.Microseconds())/n),
				Ratio: float64(recoverCPU) / float64(signInCPU),
			})
		}
	})
}

// bareRecover is the baseline: crypto.SigToPub of the request's message
// and signature, as a bare go-ethereum program would call it.
func bareRecover(b *testing.B, req *connect.Request[authv1.SignInRequest]) {
	sig := hexutil.MustDecode(req.Msg.Signature)
	sig[64] -= 27
	if _, err := crypto.SigToPub(accounts.TextHash([]byte(req.Msg.Message)), sig); err != nil {
		b.Fatal(err)
	}
}

func reportRates(b *testing.B, recoverCPU, verifyCPU, signInCPU time.Duration) {
	n := float64(b.N)
	b.ReportMetric(float64(recoverCPU)/n, "recover-cpu-ns/op")
	b.ReportMetric(float64(verifyCPU)/n, "verify-cpu-ns/op")
	b.ReportMetric(float64(signInCPU)/n, "signin-cpu-ns/op")
	b.ReportMetric(float64(recoverCPU)/float64(verifyCPU), "verify/recover")
	b.ReportMetric(float64(recoverCPU)/float64(signInCPU), "signin/recover")
}

func benchService(b *testing.B) *auth.Service {
	pool := testenv.DB(b)
	rdb, prefix := testenv.Redis(b)
	keys, _ := tokens.Ephemeral()
	cfg := auth.DefaultConfig()
	cfg.RedisPrefix, cfg.RatePerIP, cfg.RatePerAddress = prefix, 1<<40, 1<<40
	svc, err := auth.New(cfg, auth.Deps{Store: db.NewStore(pool), Redis: rdb, Keys: keys, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	return svc
}

func benchRequests(b *testing.B, svc *auth.Service, n int) []*connect.Request[authv1.SignInRequest] {
	wallets := make([]wallet, 64)
	for i := range wallets {
		wallets[i] = newWallet(b)
	}
	reqs := make([]*connect.Request[authv1.SignInRequest], n)
	for i := range reqs {
		w := wallets[i%len(wallets)]
		ch, err := svc.GetChallenge(context.Background(), connect.NewRequest(&authv1.GetChallengeRequest{Address: w.address, ChainId: 31337}))
		if err != nil {
			b.Fatal(err)
		}
		sig, _ := crypto.Sign(accounts.TextHash([]byte(ch.Msg.Message)), w.key)
		sig[64] += 27
		reqs[i] = connect.NewRequest(&authv1.SignInRequest{Message: ch.Msg.Message, Signature: hexutil.Encode(sig)})
	}
	return reqs
}
