# Insights runs its batch jobs in us-east-1 but serves EU customers from eu-central-1.
provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "eu"
  region = "eu-central-1"

  default_tags {
    tags = {
      team         = "data-science"
      owner        = "insights-oncall@example.com"
      source       = "gitlab.example.com/analytics/insights-infra"
      "managed-by" = "terraform"
    }
  }
}

locals {
  profile_tags = {
    product        = "insights"
    "billing-mode" = "rd"
    env            = "dev"
  }
}

resource "aws_bedrock_inference_profile" "insights_eu" {
  provider = aws.eu

  name = "insights-claude-haiku-4-5"
  model_source {
    copy_from = "arn:aws:bedrock:eu-central-1:444455556666:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0"
  }
  tags = local.profile_tags
}

# Same tags, but the default provider has no default_tags.
resource "aws_bedrock_inference_profile" "insights_us" { # expect: BRL201
  name = "insights-claude-haiku-4-5-us"
  model_source {
    copy_from = "arn:aws:bedrock:us-east-1:444455556666:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0" # expect: BRL401
  }
  tags = local.profile_tags
}

# A copy of an existing application profile: AWS rejects this source.
resource "aws_bedrock_inference_profile" "insights_clone" {
  provider = aws.eu

  name = "insights-claude-haiku-4-5-clone"
  model_source {
    copy_from = "arn:aws:bedrock:eu-central-1:444455556666:application-inference-profile/a1b2c3d4e5f6" # expect: BRL401
  }
  tags = local.profile_tags
}

resource "aws_bedrock_inference_profile" "insights_global" {
  provider = aws.eu

  name = "insights-nova-2-lite-v1"
  model_source {
    copy_from = "arn:aws:bedrock:eu-central-1:444455556666:inference-profile/global.amazon.nova-2-lite-v1:0" # expect: BRL401
  }
  tags = merge(local.profile_tags, { "billing-mode" = "" }) # expect: BRL202
}

# Created before aws_bedrock_inference_profile existed; awscc has no default_tags.
resource "awscc_bedrock_application_inference_profile" "insights_cc" { # expect: BRL201
  inference_profile_name = "insights-claude-3-sonnet"
  description            = "Insights legacy profile"

  model_source = {
    copy_from = "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-sonnet-20240229-v1:0" # expect: BRL401
  }

  tags = [
    { key = "product", value = "insights" },
    { key = "billing-mode", value = "rd" },
    { key = "env", value = "dev" },
  ]
}

resource "aws_bedrock_model_invocation_job" "weekly_digest" {
  provider = aws.eu

  job_name = "insights-weekly-digest"
  role_arn = "arn:aws:iam::444455556666:role/insights-batch"
  model_id = aws_bedrock_inference_profile.insights_eu.arn

  input_data_config {
    s3_input_data_config {
      s3_uri = "s3://example-insights-batch/input/"
    }
  }
  output_data_config {
    s3_output_data_config {
      s3_uri = "s3://example-insights-batch/output/"
    }
  }
}

resource "aws_bedrock_model_invocation_job" "us_backfill" {
  job_name = "insights-us-backfill"
  role_arn = "arn:aws:iam::444455556666:role/insights-batch"
  model_id = "us.amazon.nova-2-lite-v1:0" # expect: BRL102

  input_data_config {
    s3_input_data_config {
      s3_uri = "s3://example-insights-batch-us/input/"
    }
  }
  output_data_config {
    s3_output_data_config {
      s3_uri = "s3://example-insights-batch-us/output/"
    }
  }
}
