package faults

import "github.com/mcpchaos/mcpchaos/config"

// Check reports what Inject would refuse before it touches anything: an
// invalid spec (*SpecError) or a target that cfg does not name
// (ErrUnknownTarget). The JS module calls it before it builds the run's
// injector, so that a script's typo neither sweeps nor starts a keeper.
func Check(cfg *config.Config, spec Spec) error {
	if err := validate(spec); err != nil {
		return err
	}
	_, err := (&Injector{cfg: cfg}).target(spec.TargetName())
	return err
}
