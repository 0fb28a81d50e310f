package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
)

func webhookCmd(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usageError{fmt.Errorf("webhook: want add, list, get, enable, disable, delete, rotate, deliveries or redeliver")}
	}
	sub, rest := args[0], args[1:]
	events := fs.String("events", "", "comma-separated event types (video.created,video.ready,...); empty: every event")
	desc := fs.String("description", "", "a note for yourself")
	limit := fs.Uint("limit", 20, "deliveries to show")
	pos, err := e.parseInterspersed(fs, rest)
	if err != nil {
		return err
	}
	defer e.persist()
	w := e.client.Webhooks
	if sub == "list" {
		res, err := w.ListEndpoints(ctx, connect.NewRequest(&webhookv1.ListEndpointsRequest{}))
		if err != nil {
			return err
		}
		if e.json {
			e.printProto(res.Msg)
			return nil
		}
		for _, ep := range res.Msg.GetEndpoints() {
			e.printEndpoint(ep)
		}
		return nil
	}
	if err := needArgs(pos, 1, "webhook "+sub+" URL|ID"); err != nil {
		return err
	}
	arg := pos[0]
	switch sub {
	case "add":
		types, err := eventTypes(*events)
		if err != nil {
			return err
		}
		res, err := w.CreateEndpoint(ctx, connect.NewRequest(&webhookv1.CreateEndpointRequest{Url: arg, Description: *desc, EventTypes: types}))
		if err != nil {
			return err
		}
		if e.json {
			e.printProto(res.Msg)
			return nil
		}
		e.printEndpoint(res.Msg.GetEndpoint())
		fmt.Fprintf(e.stdout, "secret: %s (shown once; verify webhook-signature with it)\n", res.Msg.GetSecret())
		return nil
	case "get":
		res, err := w.GetEndpoint(ctx, connect.NewRequest(&webhookv1.GetEndpointRequest{Id: arg}))
		if err != nil {
			return err
		}
		e.printEndpoint(res.Msg.GetEndpoint())
		return nil
	case "enable", "disable":
		res, err := w.UpdateEndpoint(ctx, connect.NewRequest(&webhookv1.UpdateEndpointRequest{
			Id: arg, Enabled: sub == "enable", UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"enabled"}},
		}))
		if err != nil {
			return err
		}
		e.printEndpoint(res.Msg.GetEndpoint())
		return nil
	case "delete":
		_, err := w.DeleteEndpoint(ctx, connect.NewRequest(&webhookv1.DeleteEndpointRequest{Id: arg}))
		if err == nil && !e.json {
			fmt.Fprintln(e.stdout, "deleted", arg)
		}
		return err
	case "rotate":
		res, err := w.RotateSecret(ctx, connect.NewRequest(&webhookv1.RotateSecretRequest{Id: arg}))
		if err != nil {
			return err
		}
		if e.json {
			e.printProto(res.Msg)
			return nil
		}
		fmt.Fprintf(e.stdout, "secret: %s (the previous one also signs until %s)\n", res.Msg.GetSecret(), res.Msg.GetPreviousExpireTime().AsTime().Format("2006-01-02 15:04 MST"))
		return nil
	case "deliveries":
		res, err := w.ListDeliveries(ctx, connect.NewRequest(&webhookv1.ListDeliveriesRequest{EndpointId: arg, PageSize: uint32(min(*limit, 200))}))
		if err != nil {
			return err
		}
		if e.json {
			e.printProto(res.Msg)
			return nil
		}
		for _, d := range res.Msg.GetDeliveries() {
			e.printDelivery(d)
		}
		return nil
	case "redeliver":
		res, err := w.Redeliver(ctx, connect.NewRequest(&webhookv1.RedeliverRequest{DeliveryId: arg}))
		if err != nil {
			return err
		}
		e.printDelivery(res.Msg.GetDelivery())
		return nil
	default:
		return usageError{fmt.Errorf("webhook: unknown subcommand %q", sub)}
	}
}

// eventTypes reads "video.created,video.ready" into the enum values.
func eventTypes(list string) ([]webhookv1.EventType, error) {
	var out []webhookv1.EventType
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		enum := "EVENT_TYPE_" + strings.ToUpper(strings.ReplaceAll(name, ".", "_"))
		v, ok := webhookv1.EventType_value[enum]
		if !ok || v == 0 {
			return nil, usageError{fmt.Errorf("--events: unknown event type %q", name)}
		}
		out = append(out, webhookv1.EventType(v))
	}
	return out, nil
}

func eventName(t webhookv1.EventType) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(t.String(), "EVENT_TYPE_")), "_", ".")
}

func (e *env) printEndpoint(ep *webhookv1.Endpoint) {
	if e.json {
		e.printProto(ep)
		return
	}
	names := []string{}
	for _, t := range ep.GetEventTypes() {
		names = append(names, eventName(t))
	}
	events := strings.Join(names, ",")
	if events == "" {
		events = "all events"
	}
	state := "enabled"
	if !ep.GetEnabled() {
		state = "disabled"
	}
	fmt.Fprintf(e.stdout, "%s  %s  %s  %s\n", ep.GetId(), state, ep.GetUrl(), events)
}

func (e *env) printDelivery(d *webhookv1.Delivery) {
	if e.json {
		e.printProto(d)
		return
	}
	state := strings.ToLower(strings.TrimPrefix(d.GetState().String(), "DELIVERY_STATE_"))
	fmt.Fprintf(e.stdout, "%s  %-9s  %-22s  attempts %d  HTTP %d  event %s  %s\n", d.GetId(), state, eventName(d.GetEventType()),
		d.GetAttempts(), d.GetResponseCode(), d.GetEventId(), d.GetLastError())
}
