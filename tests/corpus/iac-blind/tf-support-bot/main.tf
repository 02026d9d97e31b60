provider "aws" {
  region = "eu-west-3"

  default_tags {
    tags = {
      team         = "support-engineering"
      source       = "github.com/example-org/support-bot"
      "managed-by" = "terraform"
    }
  }
}

locals {
  account_id = "111122223333"
  sonnet_src = "arn:aws:bedrock:eu-west-3:${local.account_id}:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0" # legit: copy_from source
}

module "answer_profile" {
  source = "./modules/inference-profile"

  name      = "support-bot-claude-sonnet-4-5"
  copy_from = local.sonnet_src
  tags = {
    product        = "support-bot"
    "billing-mode" = "internal"
    env            = "dev"
    owner          = "support-leads@example.com"
  }
}

# Escalations: owner forgotten, and the name does not say which model it serves.
module "escalation_profile" { # expect: BRL201
  source = "./modules/inference-profile"

  name      = "support-bot-escalation" # expect: BRL301
  copy_from = "arn:aws:bedrock:eu-west-3:${local.account_id}:inference-profile/eu.anthropic.claude-opus-4-5-20251101-v1:0" # legit: copy_from
  tags = {
    product        = "support-bot"
    "billing-mode" = "internal"
    env            = "dev"
  }
}

# Retired with the v1 bot; kept so state can be cleaned up.
module "legacy_profile" {
  source = "./modules/inference-profile"
  count  = 0

  name      = "support-bot-disabled-claude-sonnet-4-5"
  copy_from = local.sonnet_src
  tags      = {}
}

resource "aws_lambda_function" "answer" {
  function_name = "support-bot-answer"
  role          = "arn:aws:iam::111122223333:role/support-bot-answer"
  runtime       = "python3.12"
  handler       = "answer.handler"
  filename      = "answer.zip"

  environment {
    variables = {
      BEDROCK_INFERENCE_PROFILE_ARN = module.answer_profile.arn     # legit: profile ARN
      ESCALATION_PROFILE_ARN        = module.escalation_profile.arn # legit: profile ARN
    }
  }
}
