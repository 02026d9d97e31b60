data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

# One application profile per model of the catalogue; tags come from default_tags.
# Before ADR-0007 the API called anthropic.claude-3-haiku-20240307-v1:0 directly. # legit: comment
resource "aws_bedrock_inference_profile" "chat" {
  for_each = local.profile_sources

  name        = "${local.product}-${each.key}"
  description = "Chat platform profile copying ${each.key}"

  model_source {
    copy_from = "arn:aws:bedrock:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:inference-profile/${each.value}"
  }

  tags = {
    "billing-mode" = var.billing_mode
    model          = each.key
  }
}

resource "aws_bedrock_inference_profile" "summariser" {
  name        = "chat-platform-summariser" # expect: BRL301
  description = "Nightly conversation summaries"

  model_source {
    copy_from = "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0" # expect: BRL401
  }

  tags = {
    "billing-mode" = "Internal" # expect: BRL202
    component      = "summaries"
  }
}

# R&D sandbox profile that someone tagged as prod to get it into the prod cost report.
resource "aws_bedrock_inference_profile" "research" { # expect: BRL402
  name = "chat-platform-rd-claude-sonnet-4"

  model_source {
    copy_from = "arn:aws:bedrock:eu-central-1:${data.aws_caller_identity.current.account_id}:inference-profile/eu.anthropic.claude-sonnet-4-20250514-v1:0"
  }

  tags = {
    "billing-mode" = "rd"
    env            = "prod"
  }

  lifecycle {
    prevent_destroy = true
  }
}
