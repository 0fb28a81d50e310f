// Package gate serves streamgate.gate.v1.GateService: access rules on videos and on-chain access checks.
package gate

import (
	"github.com/streamgate/streamgate/gen/streamgate/gate/v1/gatev1connect"
)

// Service implements gatev1connect.GateServiceHandler.
type Service struct {
	gatev1connect.UnimplementedGateServiceHandler
}

// New returns the service.
func New() *Service { return &Service{} }
