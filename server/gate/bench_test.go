package gate_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/streamgate/streamgate/internal/benchreport"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
)

// latencies collects per-call durations and reports percentiles.
type latencies []time.Duration

func (l latencies) pct(p float64) time.Duration {
	s := slices.Clone(l)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func (l latencies) mean() time.Duration {
	var sum time.Duration
	for _, d := range l {
		sum += d
	}
	return sum / time.Duration(max(1, len(l)))
}

func report(b *testing.B, name string, l latencies) {
	b.ReportMetric(float64(l.pct(0.5).Nanoseconds()), name+"-p50-ns")
	b.ReportMetric(float64(l.pct(0.99).Nanoseconds()), name+"-p99-ns")
}

// BenchmarkCachedCheck times a check answered from the client-side cache
// against a bare rueidis GET of the same key, in the same run.
func BenchmarkCachedCheck(b *testing.B) {
	e := newEnv(b)
	v := e.video(creator)
	e.mustSet(v, cond(e.f.chain.ChainID.Uint64(), e.f.erc721, erc721))
	ctx := context.Background()
	if d, err := e.checker.Check(ctx, v, addr(holder)); err != nil || !d.Allowed {
		b.Fatal(d, err)
	}
	key, err := e.checker.AnswerKey(ctx, v, addr(holder))
	if err != nil {
		b.Fatal(err)
	}
	who := addr(holder)
	check, get := make(latencies, 0, 1<<16), make(latencies, 0, 1<<16)
	// Warm up, and collect the setup's garbage (a simulated chain and its
	// deployments) now rather than during the timed loop.
	for range 1000 {
		if _, err := e.checker.Check(ctx, v, who); err != nil {
			b.Fatal(err)
		}
	}
	benchreport.Settle()
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		d, err := e.checker.Check(ctx, v, who)
		check = append(check, time.Since(t0))
		if err != nil || !d.Allowed {
			b.Fatal(d, err)
		}
	}
	// The baseline, as many times, once the timed loop is over.
	for range len(check) {
		t0 := time.Now()
		err := e.redis.Do(ctx, e.redis.B().Get().Key(key).Build()).Error()
		get = append(get, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
	}
	report(b, "check", check)
	report(b, "get", get)
	b.ReportMetric(float64(get.mean())/float64(check.mean()), "get/check")
	// b.Loop ran this function once: b.N is the whole run.
	benchreport.Print(benchreport.Figure{
		Path:       "cached gate check vs a bare rueidis GET of its key (mean time)",
		Baseline:   fmt.Sprintf("GET p50 %s, p99 %s", us(get.pct(0.5)), us(get.pct(0.99))),
		StreamGate: fmt.Sprintf("check p50 %s, p99 %s", us(check.pct(0.5)), us(check.pct(0.99))),
		Ratio:      float64(get.mean()) / float64(check.mean()), Target: 10,
	})
}

// us formats d in microseconds.
func us(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d.Nanoseconds())/1e3) }

// BenchmarkUncachedCheck times a check that must read the chain (a new
// wallet each time: one balanceOf eth_call) against that bare eth_call
// through ethclient to the same node: the same request, with the gas cap
// the checker puts on every call (--chain-call-gas), and no deadline.
func BenchmarkUncachedCheck(b *testing.B) {
	e := newEnv(b)
	v := e.video(creator)
	e.mustSet(v, cond(e.f.chain.ChainID.Uint64(), e.f.erc721, erc721))
	ctx := context.Background()
	client, err := ethclient.DialContext(ctx, e.f.chain.URL)
	if err != nil {
		b.Fatal(err)
	}
	defer client.Close()
	// The checker as the server runs it: on the chain registry itself,
	// not through the tests' call-counting wrapper (an allocation and an
	// indirection per chain call that the baseline does not pay).
	checker, err := gate.NewChecker(e.cfg, e.store, e.redis, e.chains, nil)
	if err != nil {
		b.Fatal(err)
	}
	token := e.f.erc721
	var check, call latencies
	// This process's CPU (the check, the in-process chain node answering
	// it, and whatever runs meanwhile) per side: steadier than time on a
	// loaded machine. Each op's window catches the background work left by
	// the ops before it, which the alternation spreads over both sides.
	var checkCPU, callCPU time.Duration
	// Warm up both sides (connections, the node's state, the Go runtime)
	// on wallets of their own, then collect the set-up's garbage, before
	// anything is timed (b.Loop starts the timer).
	for range 200 {
		if _, err := checker.Check(ctx, v, randomWallet().Hex()); err != nil {
			b.Fatal(err)
		}
		data := append([]byte{0x70, 0xa0, 0x82, 0x31}, common.LeftPadBytes(randomWallet().Bytes(), 32)...)
		if _, err := client.CallContract(ctx, ethereum.CallMsg{To: &token, Data: data}, nil); err != nil {
			b.Fatal(err)
		}
	}
	benchreport.Settle()
	// The two alternate which goes first, so that whatever one leaves
	// running (the check writes its answer to Redis after returning it)
	// falls on both alike.
	for i := 0; b.Loop(); i++ {
		// Each side's input is ready before its clock starts: the
		// check's wallet as the string callers hand it over (formatting
		// it hashes it for the checksum), the call's calldata.
		w1, w2 := randomWallet().Hex(), randomWallet()
		timeCheck := func() {
			c0, t0 := processCPU(), time.Now()
			d, err := checker.Check(ctx, v, w1)
			check = append(check, time.Since(t0))
			checkCPU += processCPU() - c0
			if err != nil || d.Allowed {
				b.Fatal(d, err)
			}
		}
		timeCall := func() {
			data := append([]byte{0x70, 0xa0, 0x82, 0x31}, common.LeftPadBytes(w2.Bytes(), 32)...)
			c0, t0 := processCPU(), time.Now()
			out, err := client.CallContract(ctx, ethereum.CallMsg{To: &token, Gas: chain.DefaultCallGas, Data: data}, nil)
			call = append(call, time.Since(t0))
			callCPU += processCPU() - c0
			if err != nil || new(big.Int).SetBytes(out).Sign() != 0 {
				b.Fatal(out, err)
			}
		}
		if i%2 == 0 {
			timeCheck()
			timeCall()
		} else {
			timeCall()
			timeCheck()
		}
	}
	report(b, "check", check)
	report(b, "ethcall", call)
	b.Logf("answer writes: %+v", checker.AnswerWrites())
	b.ReportMetric(float64(check.mean())/float64(call.mean()), "check/ethcall")
	n := time.Duration(len(check))
	b.ReportMetric(float64((checkCPU / n).Nanoseconds()), "check-cpu-ns/op")
	b.ReportMetric(float64((callCPU / n).Nanoseconds()), "ethcall-cpu-ns/op")
	b.ReportMetric(float64(checkCPU)/float64(callCPU), "check/ethcall-cpu")
	// b.Loop ran this function once: b.N is the whole run.
	benchreport.Print(benchreport.Figure{
		Path:       "uncached gate check vs the bare eth_call it makes (mean time)",
		Baseline:   fmt.Sprintf("eth_call p50 %s, mean %s, CPU %s/op", us(call.pct(0.5)), us(call.mean()), us(callCPU/n)),
		StreamGate: fmt.Sprintf("check p50 %s, mean %s, CPU %s/op", us(check.pct(0.5)), us(check.mean()), us(checkCPU/n)),
		Ratio:      float64(check.mean()) / float64(call.mean()), Goal: benchreport.AtMost, Target: 1.1,
	})
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func randomWallet() common.Address {
	var a common.Address
	_, _ = rand.Read(a[:])
	return a
}
