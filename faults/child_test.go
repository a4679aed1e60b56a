package faults_test

func runChild() int { return 0 }

const childEnv = "MCPCHAOS_FAULTS_CHILD"
