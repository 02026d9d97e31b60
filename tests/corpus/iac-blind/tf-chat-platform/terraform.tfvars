region       = "eu-central-1"
env          = "staging"
billing_mode = "internal"
