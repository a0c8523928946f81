import type { FollowerDemographics } from './state.js';

/**
 * Followers of the sandbox's demo organization, by the facets LinkedIn reports and targets on. The
 * ids are LinkedIn's own (geo URNs, seniorities, industries, job functions), so targeting compiled
 * from a Crier segment finds them. 12,000 followers in all.
 */
export function demoFollowers(): FollowerDemographics {
  return {
    byGeoCountry: {
      'urn:li:geo:103644278': 5000, // United States
      'urn:li:geo:101355337': 2500, // Japan
      'urn:li:geo:101165590': 1500, // United Kingdom
      'urn:li:geo:101282230': 1200, // Germany
      'urn:li:geo:105015875': 800, // France
      'urn:li:geo:102713980': 1000, // India
    },
    bySeniority: {
      'urn:li:seniority:3': 3000, // Entry
      'urn:li:seniority:4': 4000, // Senior
      'urn:li:seniority:5': 2500, // Manager
      'urn:li:seniority:6': 1200, // Director
      'urn:li:seniority:7': 600, // VP
      'urn:li:seniority:8': 400, // CXO
      'urn:li:seniority:10': 300, // Owner
    },
    byIndustry: {
      'urn:li:industry:4': 3000, // Software Development
      'urn:li:industry:53': 2500, // Motor Vehicle Manufacturing
      'urn:li:industry:96': 2000, // IT Services and IT Consulting
      'urn:li:industry:43': 1500, // Financial Services
      'urn:li:industry:6': 1500, // Technology, Information and Internet
      'urn:li:industry:14': 1500, // Hospitals and Health Care
    },
    byFunction: {
      'urn:li:function:8': 3500, // Engineering
      'urn:li:function:15': 2000, // Marketing
      'urn:li:function:25': 2500, // Sales
      'urn:li:function:13': 1500, // Information Technology
      'urn:li:function:18': 1500, // Operations
      'urn:li:function:10': 1000, // Finance
    },
    byStaffCountRange: {
      SIZE_11_TO_50: 1500,
      SIZE_51_TO_200: 2500,
      SIZE_201_TO_500: 2000,
      SIZE_1001_TO_5000: 3000,
      SIZE_10001_OR_MORE: 3000,
    },
    byInterfaceLocale: { en_US: 7500, ja_JP: 2500, de_DE: 1200, fr_FR: 800 },
  };
}

export function noFollowers(): FollowerDemographics {
  return {
    byGeoCountry: {},
    bySeniority: {},
    byIndustry: {},
    byFunction: {},
    byStaffCountRange: {},
    byInterfaceLocale: {},
  };
}
