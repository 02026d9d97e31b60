terraform {
  backend "s3" {
    bucket = "example-tfstate-prod"
    key    = "invoice-extractor/prod.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      product      = "invoice-extractor"
      team         = "finance-automation"
      owner        = "finops@example.com"
      source       = "github.com/example-org/invoice-extractor"
      "managed-by" = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}

locals {
  eu_profile = "arn:aws:bedrock:eu-west-1:${data.aws_caller_identity.current.account_id}:inference-profile"
}

# Client-billed extraction for Initech (prod directory, env tag says "live").
resource "aws_bedrock_inference_profile" "initech" { # expect: BRL402
  name = "invoice-extractor-initech-claude-sonnet-4-5"

  model_source {
    copy_from = "${local.eu_profile}/eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
  }

  tags = {
    env            = "live"
    "billing-mode" = "client"
    client         = "initech"
    project        = "ap-automation"
    "cost-center"  = "" # expect: BRL202
    component      = "extraction"
  }
}

resource "aws_bedrock_inference_profile" "internal" {
  name = "invoice-extractor-nova-pro-v1"

  model_source {
    copy_from = "${local.eu_profile}/eu.amazon.nova-pro-v1:0"
  }

  tags = {
    env            = "Production"
    "billing-mode" = "internal"
  }

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [description]
  }
}

resource "aws_bedrock_inference_profile" "umbrella" { # expect: BRL201, BRL402
  name = "invoice-extractor-umbrella-claude-haiku-4-5"

  model_source {
    copy_from = "eu.anthropic.claude-haiku-4-5-20251001-v1:0" # expect: BRL401
  }

  tags = {
    env            = "prod"
    "billing-mode" = "client"
    client         = "umbrella"
    project        = "ap-automation"
  }
}
