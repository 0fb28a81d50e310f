package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

func gateCmd(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usageError{fmt.Errorf("gate: want set, get, clear or check")}
	}
	sub, rest := args[0], args[1:]
	var (
		rule     = fs.String("rule", "", "the rule as JSON (streamgate.gate.v1.Rule)")
		ruleFile = fs.String("rule-file", "", "file holding the rule as JSON")
		erc721   = fs.String("erc721", "", "shorthand: holders of this ERC-721 collection")
		erc1155  = fs.String("erc1155", "", "shorthand: holders of this ERC-1155 contract (with --token-id)")
		erc20    = fs.String("erc20", "", "shorthand: holders of this ERC-20 (with --min)")
		tokenID  = fs.String("token-id", "", "token id (ERC-721: that token; ERC-1155: required)")
		minimum  = fs.String("min", "", "minimum balance in base units")
		chainID  = fs.Uint64("chain-id", 31337, "chain of the contract")
		address  = fs.String("address", "", "gate check: explain the decision for this wallet (owner only)")
	)
	pos, err := e.parseInterspersed(fs, rest)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "gate "+sub+" VIDEO"); err != nil {
		return err
	}
	defer e.persist()
	video := pos[0]
	switch sub {
	case "set":
		r, err := buildRule(*rule, *ruleFile, *erc721, *erc1155, *erc20, *tokenID, *minimum, *chainID)
		if err != nil {
			return err
		}
		res, err := e.client.Gate.SetAccessRule(ctx, connect.NewRequest(&gatev1.SetAccessRuleRequest{VideoId: video, Rule: r}))
		if err != nil {
			return err
		}
		return e.printRule(res.Msg.GetRule())
	case "get":
		res, err := e.client.Gate.GetAccessRule(ctx, connect.NewRequest(&gatev1.GetAccessRuleRequest{VideoId: video}))
		if err != nil {
			return err
		}
		return e.printRule(res.Msg.GetRule())
	case "clear":
		_, err := e.client.Gate.ClearAccessRule(ctx, connect.NewRequest(&gatev1.ClearAccessRuleRequest{VideoId: video}))
		if err == nil && !e.json {
			fmt.Fprintln(e.stdout, "gate cleared: the video is open to anyone who can see it")
		}
		return err
	case "check":
		return e.gateCheck(ctx, video, *address)
	default:
		return usageError{fmt.Errorf("gate: unknown subcommand %q", sub)}
	}
}

func buildRule(ruleJSON, ruleFile, erc721, erc1155, erc20, tokenID, minimum string, chainID uint64) (*gatev1.Rule, error) {
	if ruleFile != "" {
		b, err := os.ReadFile(ruleFile)
		if err != nil {
			return nil, usageError{err}
		}
		ruleJSON = string(b)
	}
	if ruleJSON != "" {
		r := &gatev1.Rule{}
		if err := protojson.Unmarshal([]byte(ruleJSON), r); err != nil {
			return nil, usageError{fmt.Errorf("--rule: %w", err)}
		}
		return r, nil
	}
	c := &gatev1.Condition{ChainId: chainID, MinAmount: minimum}
	switch {
	case erc721 != "":
		c.Contract, c.Standard = erc721, gatev1.Standard_STANDARD_ERC721
	case erc1155 != "":
		c.Contract, c.Standard = erc1155, gatev1.Standard_STANDARD_ERC1155
	case erc20 != "":
		c.Contract, c.Standard = erc20, gatev1.Standard_STANDARD_ERC20
	default:
		return nil, usageError{fmt.Errorf("gate set: give --rule, --rule-file, --erc721, --erc1155 or --erc20")}
	}
	if tokenID != "" {
		c.TokenIds = []string{tokenID}
	}
	return &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: c}}, nil
}

func (e *env) printRule(r *gatev1.Rule) error {
	if r == nil {
		if e.json {
			e.printJSON(map[string]any{"rule": nil})
		} else {
			fmt.Fprintln(e.stdout, "no gate: anyone who can see the video may watch it")
		}
		return nil
	}
	e.printProto(r)
	return nil
}

func (e *env) gateCheck(ctx context.Context, video, address string) error {
	var (
		allowed bool
		reason  string
		ev      *gatev1.Evaluation
	)
	if address != "" {
		res, err := e.client.Gate.ExplainAccess(ctx, connect.NewRequest(&gatev1.ExplainAccessRequest{VideoId: video, Address: address}))
		if err != nil {
			return err
		}
		allowed, reason, ev = res.Msg.GetAllowed(), res.Msg.GetReason(), res.Msg.GetEvaluation()
		if e.json {
			e.printProto(res.Msg)
		}
	} else {
		res, err := e.client.Gate.CheckAccess(ctx, connect.NewRequest(&gatev1.CheckAccessRequest{VideoId: video}))
		if err != nil {
			return err
		}
		allowed, reason, ev = res.Msg.GetAllowed(), res.Msg.GetReason(), res.Msg.GetEvaluation()
		if e.json {
			e.printProto(res.Msg)
		}
	}
	if !e.json {
		verdict := "denied"
		if allowed {
			verdict = "allowed"
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", verdict, reason)
		printEvaluation(e, ev, 1)
	}
	if !allowed {
		return connect.NewError(connect.CodePermissionDenied, fmt.Errorf("access denied: %s", reason))
	}
	return nil
}

func printEvaluation(e *env, ev *gatev1.Evaluation, depth int) {
	if ev == nil {
		return
	}
	mark := map[gatev1.Outcome]string{gatev1.Outcome_OUTCOME_HELD: "✓", gatev1.Outcome_OUTCOME_NOT_HELD: "✗", gatev1.Outcome_OUTCOME_UNKNOWN: "?"}[ev.GetOutcome()]
	line := fmt.Sprintf("%s%s %s", strings.Repeat("  ", depth), mark, ev.GetDescription())
	if d := ev.GetDetail(); d != "" {
		line += " (" + d + ")"
	}
	fmt.Fprintln(e.stdout, line)
	for _, c := range ev.GetChildren() {
		printEvaluation(e, c, depth+1)
	}
}
