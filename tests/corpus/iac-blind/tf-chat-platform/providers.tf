terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }

  backend "s3" {
    bucket = "example-org-tfstate"
    key    = "chat-platform/terraform.tfstate"
    region = "eu-central-1"
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.common_tags
  }
}

locals {
  product = "chat-platform"

  common_tags = {
    product      = local.product
    env          = var.env
    team         = "conversational-ai"
    owner        = "maria.lopez@example.com"
    source       = "github.com/example-org/chat-platform"
    "managed-by" = "terraform"
    "cost-center" = var.cost_center # expect: BRL202
  }

  # System profiles the application profiles copy from (keyed by model slug).
  profile_sources = {
    "claude-sonnet-4-5" = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0" # legit: copy_from source
    "claude-haiku-4-5"  = "eu.anthropic.claude-haiku-4-5-20251001-v1:0"  # legit: copy_from source
    "nova-pro-v1"       = "eu.amazon.nova-pro-v1:0"                       # legit: copy_from source
  }

  # Used when the profile is throttled (see app.tf).
  geo = "eu"

  fallback_model = "anthropic.claude-3-haiku-20240307-v1:0" # legit here: reported where it reaches the env var
}
