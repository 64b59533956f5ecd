// refclient: a long-lived, kube-apiserver-like etcd clientv3 (3.4) client for the reference
// harness (reference/experiments-client.ts). One client for the load, configured as
// kube-apiserver configures its storage client (k8s.io/apiserver storagebackend/factory/etcd3.go:
// keepalive time 30 s, keepalive timeout 10 s, dial timeout 20 s, grpc.WithBlock, every
// endpoint listed), and a second client of the same configuration for the health probe (as
// kube-apiserver's etcd health check opens its own client): a Get of /health with a 2 s
// timeout once a second.
//
// The load is open loop: every 1/rate seconds a new request starts in its own goroutine with
// its own timeout, whether or not earlier ones returned. Each request prints one JSON line
// on stdout when it ends: op, start and end (Unix ms), ok, the error, the member that
// answered (response header) and the peer address of every gRPC attempt (a chained unary
// interceptor inside clientv3's retry interceptor sees each attempt). "ready" is printed
// once both clients are connected; the process exits after -duration plus the time the
// requests in flight need.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"sync"
	"time"

	"go.etcd.io/etcd/clientv3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/peer"
)

type attemptsKey struct{}

type attempts struct {
	mu    sync.Mutex
	peers []string
}

func nowMs() float64 { return float64(time.Now().UnixNano()) / 1e6 }

var out = struct {
	sync.Mutex
	enc *json.Encoder
}{enc: json.NewEncoder(os.Stdout)}

func emit(v interface{}) {
	out.Lock()
	defer out.Unlock()
	_ = out.enc.Encode(v)
}

type line struct {
	Ev     string   `json:"ev"`
	Op     string   `json:"op,omitempty"`
	Start  float64  `json:"start,omitempty"`
	End    float64  `json:"end,omitempty"`
	Ok     bool     `json:"ok"`
	Err    string   `json:"err,omitempty"`
	Member string   `json:"member,omitempty"`
	Peers  []string `json:"peers,omitempty"`
	T      float64  `json:"t,omitempty"`
}

// recordPeer runs once per gRPC attempt (inside clientv3's retrying interceptor) and notes
// the address the balancer picked.
func recordPeer(ctx context.Context, method string, req, reply interface{}, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	p := &peer.Peer{}
	err := invoker(ctx, method, req, reply, cc, append(opts, grpc.Peer(p))...)
	if a, ok := ctx.Value(attemptsKey{}).(*attempts); ok {
		addr := "?"
		if p.Addr != nil {
			addr = p.Addr.String()
		}
		a.mu.Lock()
		a.peers = append(a.peers, addr)
		a.mu.Unlock()
	}
	return err
}

func newClient(endpoints []string) (*clientv3.Client, error) {
	return clientv3.New(clientv3.Config{
		Endpoints:            endpoints,
		DialTimeout:          20 * time.Second,
		DialKeepAliveTime:    30 * time.Second,
		DialKeepAliveTimeout: 10 * time.Second,
		DialOptions:          []grpc.DialOption{grpc.WithBlock(), grpc.WithChainUnaryInterceptor(recordPeer)},
	})
}

func request(c *clientv3.Client, op string, key string, timeout time.Duration) {
	a := &attempts{}
	ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), attemptsKey{}, a), timeout)
	defer cancel()
	start := nowMs()
	var member uint64
	var err error
	switch op {
	case "put":
		var r *clientv3.PutResponse
		r, err = c.Put(ctx, key, fmt.Sprintf("%.3f", start))
		if err == nil {
			member = r.Header.MemberId
		}
	default:
		var r *clientv3.GetResponse
		r, err = c.Get(ctx, key)
		if err == nil {
			member = r.Header.MemberId
		}
	}
	end := nowMs()
	l := line{Ev: "req", Op: op, Start: start, End: end, Ok: err == nil}
	if err != nil {
		l.Err = err.Error()
	} else {
		l.Member = fmt.Sprintf("%x", member)
	}
	a.mu.Lock()
	l.Peers = append([]string(nil), a.peers...)
	a.mu.Unlock()
	emit(l)
}

func main() {
	endpoints := flag.String("endpoints", "", "comma-separated client URLs")
	rate := flag.Float64("rate", 100, "requests per second (open loop)")
	putShare := flag.Float64("put-share", 0.5, "share of requests that are puts")
	timeout := flag.Duration("timeout", 60*time.Second, "per-request timeout")
	probeEvery := flag.Duration("probe-every", time.Second, "health probe period (0: none)")
	probeTimeout := flag.Duration("probe-timeout", 2*time.Second, "health probe timeout")
	duration := flag.Duration("duration", 30*time.Second, "how long to send load")
	flag.Parse()
	eps := strings.Split(*endpoints, ",")
	load, err := newClient(eps)
	if err != nil {
		fmt.Fprintln(os.Stderr, "refclient: load client:", err)
		os.Exit(1)
	}
	health, err := newClient(eps)
	if err != nil {
		fmt.Fprintln(os.Stderr, "refclient: health client:", err)
		os.Exit(1)
	}
	emit(line{Ev: "ready", Ok: true, T: nowMs()})
	var wg sync.WaitGroup
	until := time.Now().Add(*duration)
	if *probeEvery > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			for k := 1; time.Now().Before(until); k++ {
				wg.Add(1)
				go func() { defer wg.Done(); request(health, "probe", "/health", *probeTimeout) }()
				time.Sleep(time.Until(t0.Add(time.Duration(k) * *probeEvery)))
			}
		}()
	}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	period := time.Duration(float64(time.Second) / *rate)
	t0 := time.Now()
	for k := 1; time.Now().Before(until); k++ {
		op := "get"
		if rng.Float64() < *putShare {
			op = "put"
		}
		key := fmt.Sprintf("/registry/reference/k%03d", rng.Intn(100))
		wg.Add(1)
		go func() { defer wg.Done(); request(load, op, key, *timeout) }()
		time.Sleep(time.Until(t0.Add(time.Duration(k) * period)))
	}
	wg.Wait()
	emit(line{Ev: "done", Ok: true, T: nowMs()})
	_ = load.Close()
	_ = health.Close()
}
